/**
 * Stream filters Weft ships, one sub-package each ({@code fault}). Each registers a {@link
 * dev.weft.dataplane.stream.StreamFilterFactory} that parses its own config block into its own
 * record and creates a filter per stream.
 *
 * <p>Depends on {@code stream}, {@code protocol}, {@code config}, {@code extension} and {@code
 * stats}; never on the proxy, router or upstream code that runs the filters.
 */
package dev.weft.dataplane.filter;

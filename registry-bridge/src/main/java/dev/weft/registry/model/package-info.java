/**
 * The registry's model as immutable, validated records: services, endpoints, publications and the
 * merged lists subscribers receive. Protobuf messages are converted to and from these at the edges
 * ({@code dev.weft.registry.server}, {@code dev.weft.registry.client}) and in stores.
 *
 * <p>Depends on nothing but the JDK.
 */
package dev.weft.registry.model;

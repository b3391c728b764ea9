/**
 * Metrics with MOSN's names: metric sets identified by a type and labels ({@code downstream} with
 * {@code listener="egress"}, {@code upstream} with {@code cluster="c1"}), holding counters, gauges
 * and histograms. Components resolve their metrics once and update them without lookups.
 *
 * <p>Depends on nothing else in the data plane.
 */
package dev.weft.dataplane.stats;

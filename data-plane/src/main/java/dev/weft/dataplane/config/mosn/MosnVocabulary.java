package dev.weft.dataplane.config.mosn;

import dev.weft.dataplane.config.FilterParser;
import dev.weft.dataplane.extension.Named;
import dev.weft.dataplane.extension.Registry;
import java.util.function.Consumer;

/**
 * The names a MOSN config may use, from the sidecar that will run it: every name the loader meets
 * (a filter type, a protocol, an {@code lb_type}, a cluster {@code type}) is checked here, so an
 * unknown one is an error naming the known ones, never MOSN's silent fallback.
 *
 * @param protocols for a route's {@code upstream_protocol} (the proxy filter checks its own)
 * @param networkFilters each parses its own {@code config} block
 * @param streamFilters each parses its own {@code config} block
 * @param accessLogFormatCheck throws {@link IllegalArgumentException} saying what is wrong with an
 *     access-log format
 */
public record MosnVocabulary(
    Registry<? extends Named> protocols,
    Registry<? extends FilterParser> networkFilters,
    Registry<? extends FilterParser> streamFilters,
    Registry<? extends Named> loadBalancers,
    Registry<? extends Named> clusterTypes,
    Consumer<String> accessLogFormatCheck) {

  /** An access-log format check that accepts anything, until the real one exists. */
  public static final Consumer<String> ANY_ACCESS_LOG_FORMAT = format -> {};
}

package dev.weft.dataplane.server;

import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.filter.fault.FaultFilterFactory;
import dev.weft.dataplane.stream.StreamFilterFactory;

/** The stream filters Weft ships. */
final class BuiltinStreamFilters {
  private BuiltinStreamFilters() {}

  static Registry<StreamFilterFactory> create() {
    return Registry.<StreamFilterFactory>builder("stream filter")
        .register(new FaultFilterFactory())
        .build();
  }
}

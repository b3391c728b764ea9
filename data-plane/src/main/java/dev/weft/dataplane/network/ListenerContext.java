package dev.weft.dataplane.network;

import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.stats.MetricSet;

/** What a network filter knows about its listener. */
public record ListenerContext(ListenerConfig config, MetricSet stats, EventLoops loops) {
  public String name() {
    return config.name();
  }
}

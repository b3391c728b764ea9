package dev.weft.dataplane.network;

import dev.weft.dataplane.config.FilterParser;

/** A registered network filter type ({@code proxy}, {@code tcp_proxy}). */
public interface NetworkFilterFactory extends FilterParser {
  /** The filter for one listener, from its parsed config. */
  NetworkFilter create(Object config, ListenerContext listener);
}

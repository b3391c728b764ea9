package dev.weft.dataplane.stream;

import dev.weft.dataplane.config.FilterParser;

/** A registered stream filter type, such as {@code fault}. */
public interface StreamFilterFactory extends FilterParser {
  /** A filter for one stream, from the parsed config. */
  StreamFilter create(Object config);
}

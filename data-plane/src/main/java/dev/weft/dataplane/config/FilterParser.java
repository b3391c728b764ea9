package dev.weft.dataplane.config;

import dev.weft.dataplane.extension.Named;

/** Parses the {@code config} block of one registered filter type into that filter's own record. */
public interface FilterParser extends Named {
  /**
   * Parses and validates; mistakes are thrown as {@link ConfigException} via {@link
   * ConfigNode#error(String)}, so they name the JSON path.
   */
  Object parse(ConfigNode config);
}

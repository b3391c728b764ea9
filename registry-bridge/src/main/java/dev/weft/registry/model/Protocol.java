package dev.weft.registry.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The wire protocol an endpoint speaks. */
public enum Protocol {
  BOLT,
  DUBBO,
  HTTP,
  GRPC;

  /** The lower-case name used in the CLI, the JSON output and the SOFA mesh API. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** By name, in any case; an unknown name is an error listing the known ones. */
  public static Protocol parse(String field, String name) {
    for (Protocol protocol : values()) {
      if (protocol.id().equalsIgnoreCase(name)) {
        return protocol;
      }
    }
    throw new InvalidRegistrationException(field, "one of " + names(), "'" + name + "'");
  }

  public static String names() {
    return Arrays.stream(values()).map(Protocol::id).collect(Collectors.joining(", "));
  }
}

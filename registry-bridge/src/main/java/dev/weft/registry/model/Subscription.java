package dev.weft.registry.model;

import java.util.Objects;

/**
 * A service a session listens to. {@code zoneOnly} is SOFARegistry's zone scope: the subscriber
 * hears only endpoints in its own zone.
 */
public record Subscription(ServiceId service, boolean zoneOnly) {
  public Subscription {
    Objects.requireNonNull(service, "service");
  }
}

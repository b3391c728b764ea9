package dev.weft.registry.model;

import java.util.List;
import java.util.Objects;

/**
 * What one publisher says about one service: SOFARegistry's publisher ({@code registId}) with its
 * data list. Endpoints already carry the publisher's zone when they had none.
 */
public record Publication(
    ServiceId service, String registId, String zone, List<Endpoint> endpoints) {
  static final int MAX_ENDPOINTS = 10_000;

  public Publication {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(registId, "registId");
    Objects.requireNonNull(zone, "zone");
    if (registId.isBlank() || registId.length() > ServiceId.MAX_LENGTH) {
      throw new InvalidRegistrationException(
          "registId", "a non-blank string of at most 512 characters", "'" + registId + "'");
    }
    if (endpoints.size() > MAX_ENDPOINTS) {
      throw new InvalidRegistrationException(
          "endpoints", "at most " + MAX_ENDPOINTS, endpoints.size() + " endpoints");
    }
    endpoints = endpoints.stream().map(e -> e.withDefaultZone(zone)).toList();
  }
}

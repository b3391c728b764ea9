package dev.weft.registry.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One address that serves a service. {@code zone} is empty when neither the endpoint nor its
 * publisher named one. Metadata is sorted, so equal endpoints are equal records.
 */
public record Endpoint(
    String address,
    int port,
    Protocol protocol,
    int weight,
    String zone,
    Map<String, String> metadata)
    implements Comparable<Endpoint> {
  public static final int DEFAULT_WEIGHT = 100;
  static final int MAX_WEIGHT = 1_000_000;

  public Endpoint {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(zone, "zone");
    if (address.isBlank() || address.chars().anyMatch(c -> c <= ' ' || c == '/')) {
      throw new InvalidRegistrationException(
          "address", "an IP address or host name", "'" + address + "'");
    }
    if (port < 1 || port > 65535) {
      throw new InvalidRegistrationException(
          "port", "a port from 1 to 65535", String.valueOf(port));
    }
    if (weight < 1 || weight > MAX_WEIGHT) {
      throw new InvalidRegistrationException(
          "weight", "a weight from 1 to " + MAX_WEIGHT, String.valueOf(weight));
    }
    metadata = Map.copyOf(metadata);
  }

  /** {@code address:port}, bracketing IPv6 addresses. */
  public String hostPort() {
    return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
  }

  /** The same endpoint in {@code zone} when it has none of its own. */
  public Endpoint withDefaultZone(String defaultZone) {
    return zone.isEmpty() && !defaultZone.isEmpty()
        ? new Endpoint(address, port, protocol, weight, defaultZone, metadata)
        : this;
  }

  /** Endpoints with the same address, port and protocol are one endpoint in a merged list. */
  public boolean sameTarget(Endpoint other) {
    return port == other.port && address.equals(other.address) && protocol == other.protocol;
  }

  @Override
  public int compareTo(Endpoint other) {
    int c = address.compareTo(other.address);
    if (c == 0) {
      c = Integer.compare(port, other.port);
    }
    return c != 0 ? c : protocol.compareTo(other.protocol);
  }

  /** Metadata in key order, for stable output. */
  public Map<String, String> sortedMetadata() {
    return new TreeMap<>(metadata);
  }
}

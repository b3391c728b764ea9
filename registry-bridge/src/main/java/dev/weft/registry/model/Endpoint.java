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

  /**
   * Whether the address is an IP literal. Only those reach sidecars: xDS endpoints carry IP
   * addresses, and neither Envoy nor Weft resolves names in EDS.
   */
  public boolean hasIpAddress() {
    return isIpLiteral(address);
  }

  /** An IPv4 or IPv6 literal, checked without any name lookup. */
  public static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      try {
        // With a colon, InetAddress parses an IPv6 literal and never asks DNS.
        return java.net.InetAddress.getByName(host) instanceof java.net.Inet6Address;
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
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

package dev.weft.dataplane.config;

import java.net.InetSocketAddress;

/** A {@code host:port} pair as written in a config; IPv6 hosts go in brackets. */
public record HostPort(String host, int port) {
  public HostPort {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("empty host");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0-65535");
    }
  }

  /**
   * Parses {@code 127.0.0.1:2045}, {@code [::1]:80} or {@code localhost:80}.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public static HostPort parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("expected host:port, got nothing");
    }
    String trimmed = text.trim();
    int colon = trimmed.lastIndexOf(':');
    if (colon <= 0 || colon == trimmed.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got \"" + text + "\"");
    }
    String host = trimmed.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(
          "expected host:port with IPv6 hosts in brackets ([::1]:80), got \"" + text + "\"");
    }
    int port;
    try {
      port = Integer.parseInt(trimmed.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected host:port, got \"" + text + "\"", e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "expected a port in 0-65535, got " + port + " in \"" + text + "\"");
    }
    return new HostPort(host, port);
  }

  /** An unresolved socket address; resolving is the caller's business (never on an event loop). */
  public InetSocketAddress toUnresolved() {
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** A resolved socket address (literal IPs resolve without DNS). */
  public InetSocketAddress toResolved() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}

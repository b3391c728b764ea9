package dev.weft.dataplane.router;

import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import dev.weft.dataplane.protocol.RequestHead;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A compiled route table. Virtual hosts are chosen by the request's host as MOSN does: exact {@code
 * host:port}, exact host, {@code *.suffix} (longest first, with or without the port), then the
 * {@code *} default.
 */
public final class Router {
  private final RouterConfig config;
  private final Map<String, VirtualHost> exact = new HashMap<>();
  private final Map<String, VirtualHost> suffixes = new HashMap<>();
  private final VirtualHost fallback;

  /**
   * Compiles {@code config}.
   *
   * @throws IllegalArgumentException for a bad regex or a domain claimed twice
   */
  public Router(RouterConfig config) {
    this.config = config;
    VirtualHost any = null;
    for (VirtualHostConfig vhostConfig : config.virtualHosts()) {
      VirtualHost vhost = new VirtualHost(vhostConfig, config);
      for (String raw : vhostConfig.domains()) {
        String domain = raw.toLowerCase(Locale.ROOT);
        if (domain.equals("*")) {
          if (any != null) {
            throw new IllegalArgumentException(
                "domain \"*\" appears in two virtual hosts of router '" + config.name() + "'");
          }
          any = vhost;
        } else if (domain.startsWith("*")) {
          claim(suffixes, domain.substring(1), vhost, raw);
        } else {
          claim(exact, domain, vhost, raw);
        }
      }
    }
    this.fallback = any;
  }

  private void claim(Map<String, VirtualHost> index, String key, VirtualHost vhost, String raw) {
    if (index.putIfAbsent(key, vhost) != null) {
      throw new IllegalArgumentException(
          "domain \"" + raw + "\" appears in two virtual hosts of router '" + config.name() + "'");
    }
  }

  public String name() {
    return config.name();
  }

  public RouterConfig config() {
    return config;
  }

  /** The route for {@code head}, or null when no virtual host or route matches. */
  public Route route(RequestHead head) {
    // A table with only the "*" host (the common sidecar case) never needs the request's host.
    VirtualHost vhost =
        exact.isEmpty() && suffixes.isEmpty() ? fallback : virtualHost(head.authority());
    return vhost == null ? null : vhost.route(head);
  }

  VirtualHost virtualHost(String authority) {
    String hostPort = authority.toLowerCase(Locale.ROOT);
    VirtualHost found = exact.get(hostPort);
    if (found != null) {
      return found;
    }
    String host = stripPort(hostPort);
    if (!host.equals(hostPort)) {
      found = exact.get(host);
      if (found != null) {
        return found;
      }
    }
    found = longestSuffix(hostPort);
    if (found == null && !host.equals(hostPort)) {
      found = longestSuffix(host);
    }
    return found != null ? found : fallback;
  }

  /** The virtual host with the longest {@code *suffix} matching at least one character. */
  private VirtualHost longestSuffix(String host) {
    if (suffixes.isEmpty()) {
      return null;
    }
    for (int i = 1; i < host.length(); i++) {
      VirtualHost vhost = suffixes.get(host.substring(i));
      if (vhost != null) {
        return vhost;
      }
    }
    return null;
  }

  private static String stripPort(String authority) {
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      return close < 0 ? authority : authority.substring(0, close + 1);
    }
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  /** The compiled virtual hosts' names, for tests and admin. */
  public List<String> virtualHostNames() {
    return config.virtualHosts().stream().map(VirtualHostConfig::name).toList();
  }
}

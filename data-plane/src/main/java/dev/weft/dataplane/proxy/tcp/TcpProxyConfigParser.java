package dev.weft.dataplane.proxy.tcp;

import dev.weft.dataplane.config.Cidr;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.TcpProxyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the {@code tcp_proxy} config block. Keys (MOSN's {@code TCPProxy}):
 *
 * <ul>
 *   <li>{@code stat_prefix}: string, optional; kept in the config (metrics are named by listener
 *       and cluster, as in MOSN, which does not use it either);
 *   <li>{@code cluster}: the cluster for connections no route takes;
 *   <li>{@code idle_timeout}: close both connections after this long without a byte either way.
 *       MOSN writes it as an integer of nanoseconds ({@code 30000000000} for 30s); a Go duration
 *       string ({@code "30s"}) is accepted too. Absent or 0: no idle timeout;
 *   <li>{@code max_connect_attempts}: connection attempts per downstream connection, each to
 *       another host where the cluster has one; default 1 (0, Go's zero value, also means 1);
 *   <li>{@code routes}: {@code [{cluster, source_addrs, destination_addrs}]}, tried in order; each
 *       address is MOSN's {@code {"address": "10.0.0.0", "length": 8}} or a string {@code
 *       "10.0.0.0/8"}. An empty list matches any address.
 * </ul>
 *
 * At least one of {@code cluster} and {@code routes} is required. MOSN's route keys {@code
 * source_port} and {@code destination_port} are refused with an explanation.
 */
final class TcpProxyConfigParser {
  static final int MAX_CONNECT_ATTEMPTS = 100;
  private static final Set<String> KEYS =
      Set.of("stat_prefix", "cluster", "idle_timeout", "max_connect_attempts", "routes");
  private static final Set<String> ROUTE_KEYS =
      Set.of("cluster", "source_addrs", "destination_addrs");
  private static final Set<String> UNSUPPORTED_ROUTE_KEYS =
      Set.of("source_port", "destination_port");
  private static final Set<String> CIDR_KEYS = Set.of("address", "length");

  private TcpProxyConfigParser() {}

  static TcpProxyConfig parse(ConfigNode config) {
    config.checkKeys(KEYS, Set.of());
    String cluster = config.string("cluster", "").trim();
    Optional<Duration> idle =
        config.get("idle_timeout").map(TcpProxyConfigParser::idleTimeout).filter(d -> !d.isZero());
    int attempts = config.integer("max_connect_attempts", 1, 0, MAX_CONNECT_ATTEMPTS);
    List<TcpProxyConfig.Route> routes = new ArrayList<>();
    for (ConfigNode route : config.array("routes")) {
      routes.add(route(route));
    }
    if (cluster.isEmpty() && routes.isEmpty()) {
      throw config.error("expected \"cluster\", \"routes\" or both");
    }
    return new TcpProxyConfig(
        config.string("stat_prefix", ""), cluster, idle, Math.max(1, attempts), routes);
  }

  private static Duration idleTimeout(ConfigNode node) {
    if (node.isString()) {
      return node.asDuration();
    }
    if (!node.json().isJsonPrimitive() || !node.json().getAsJsonPrimitive().isNumber()) {
      throw node.error(
          "expected nanoseconds (MOSN's form: 30000000000 for 30s) or a duration string such as"
              + " \"30s\", got "
              + node.describe());
    }
    return Duration.ofNanos(node.asLong(0, Long.MAX_VALUE));
  }

  private static TcpProxyConfig.Route route(ConfigNode node) {
    for (String key : UNSUPPORTED_ROUTE_KEYS) {
      if (node.isObject() && node.has(key)) {
        throw node.error(
            key, "is not supported; route by source_addrs and destination_addrs instead");
      }
    }
    node.checkKeys(ROUTE_KEYS, Set.of());
    String cluster = node.nonEmptyString("cluster").trim();
    return new TcpProxyConfig.Route(
        cluster, cidrs(node.array("source_addrs")), cidrs(node.array("destination_addrs")));
  }

  private static List<Cidr> cidrs(List<ConfigNode> nodes) {
    List<Cidr> cidrs = new ArrayList<>(nodes.size());
    for (ConfigNode node : nodes) {
      cidrs.add(cidr(node));
    }
    return cidrs;
  }

  private static Cidr cidr(ConfigNode node) {
    String text;
    if (node.isString()) {
      text = node.asString();
    } else if (node.isObject()) {
      node.checkKeys(CIDR_KEYS, Set.of());
      // MOSN reads a missing length as 0, which matches every address: require it instead.
      text = node.nonEmptyString("address").trim() + "/" + node.require("length").asLong(0, 128);
    } else {
      throw node.error(
          "expected {\"address\": \"10.0.0.0\", \"length\": 8} or \"10.0.0.0/8\", got "
              + node.describe());
    }
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
  }
}

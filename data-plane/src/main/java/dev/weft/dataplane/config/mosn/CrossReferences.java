package dev.weft.dataplane.config.mosn;

import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.HostPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The names a config defines (listeners, routers, clusters, listener addresses) and the names it
 * refers to, collected while parsing and checked once everything is parsed: duplicates and dangling
 * references are errors at the path where they are written.
 */
final class CrossReferences {
  private record Entry(ConfigNode where, String name) {}

  private final List<Entry> listeners = new ArrayList<>();
  private final List<Entry> addresses = new ArrayList<>();
  private final List<Entry> routers = new ArrayList<>();
  private final List<Entry> clusters = new ArrayList<>();
  private final List<Entry> routerReferences = new ArrayList<>();
  private final List<Entry> clusterReferences = new ArrayList<>();

  void listener(ConfigNode where, String name, ConfigNode addressNode, HostPort address) {
    listeners.add(new Entry(where, name));
    if (address.port() != 0) {
      addresses.add(new Entry(addressNode, address.toString()));
    }
  }

  void router(ConfigNode where, String name) {
    routers.add(new Entry(where, name));
  }

  void cluster(ConfigNode where, String name) {
    clusters.add(new Entry(where, name));
  }

  /** {@code where} names router {@code name} (a proxy filter's {@code router_config_name}). */
  void routerReference(ConfigNode where, String name) {
    routerReferences.add(new Entry(where, name));
  }

  /** {@code where} names cluster {@code name} (a route, a weighted cluster, a tcp_proxy). */
  void clusterReference(ConfigNode where, String name) {
    clusterReferences.add(new Entry(where, name));
  }

  /** Fails on the first duplicate or dangling name. */
  void check() {
    unique(listeners, "duplicate listener name");
    unique(addresses, "duplicate listener address");
    unique(routers, "duplicate router name");
    unique(clusters, "duplicate cluster name");
    resolve(routerReferences, routers, "router");
    resolve(clusterReferences, clusters, "cluster");
  }

  private static void unique(List<Entry> entries, String what) {
    Map<String, Entry> seen = new HashMap<>();
    for (Entry entry : entries) {
      Entry first = seen.putIfAbsent(entry.name(), entry);
      if (first != null) {
        throw entry
            .where()
            .error(what + " '" + entry.name() + "'; already used at " + place(first, entry));
      }
    }
  }

  private static void resolve(List<Entry> references, List<Entry> definitions, String kind) {
    TreeSet<String> names = new TreeSet<>();
    definitions.forEach(d -> names.add(d.name()));
    for (Entry reference : references) {
      if (!names.contains(reference.name())) {
        String known =
            names.isEmpty()
                ? "the config defines no " + kind + "s"
                : "expected one of " + String.join(", ", names);
        throw reference.where().error("no " + kind + " named '" + reference.name() + "'; " + known);
      }
    }
  }

  /** Where {@code first} is, with its file when it differs from {@code second}'s. */
  private static String place(Entry first, Entry second) {
    ConfigNode node = first.where();
    return node.source().equals(second.where().source())
        ? node.path()
        : node.source() + ": " + node.path();
  }
}

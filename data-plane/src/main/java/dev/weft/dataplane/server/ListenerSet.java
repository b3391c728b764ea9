package dev.weft.dataplane.server;

import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.network.ListenerRuntime;
import dev.weft.dataplane.network.NetworkFilter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The sidecar's listeners, changed as a whole: a new set is planned (new listeners bound, filters
 * for changed ones built) before anything visible changes, then committed at once. A listener whose
 * address stays keeps its socket and gets the new filter for new connections; a removed one stops
 * accepting and drains.
 */
final class ListenerSet {
  /** Builds a bound-ready listener for a config. */
  interface Factory extends Function<ListenerConfig, ListenerRuntime> {}

  /** Builds the network filter a listener config asks for. */
  interface Filters extends Function<ListenerConfig, NetworkFilter> {}

  private final Map<String, ListenerRuntime> listeners = new LinkedHashMap<>();

  /**
   * Whether applying {@code wanted} would drain connections: a listener it removes, or moves to
   * another address, has connections open.
   */
  boolean drainsConnections(List<ListenerConfig> wanted) {
    Map<String, ListenerConfig> byName = new LinkedHashMap<>();
    wanted.forEach(config -> byName.put(config.name(), config));
    for (ListenerRuntime runtime : listeners.values()) {
      ListenerConfig config = byName.get(runtime.name());
      boolean stays = config != null && runtime.config().address().equals(config.address());
      if (!stays && runtime.openConnections() > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Binds the listeners {@code wanted} adds and builds filters for those it changes; nothing serves
   * differently until {@link Plan#commit}. If a bind fails, the listeners bound so far are closed
   * and the failure is thrown.
   */
  Plan plan(List<ListenerConfig> wanted, Factory factory, Filters filters) {
    Plan plan = new Plan();
    try {
      for (ListenerConfig config : wanted) {
        ListenerRuntime existing = listeners.get(config.name());
        if (existing != null && existing.config().address().equals(config.address())) {
          if (!existing.config().equals(config)) {
            plan.changed.put(existing, config);
            plan.changedFilters.put(existing, filters.apply(config));
          }
          plan.kept.add(config.name());
        } else {
          ListenerRuntime runtime = factory.apply(config);
          runtime.bind();
          plan.added.add(runtime);
        }
      }
    } catch (RuntimeException e) {
      plan.added.forEach(ListenerRuntime::close);
      throw e;
    }
    return plan;
  }

  InetSocketAddress address(String name) {
    ListenerRuntime runtime = listeners.get(name);
    if (runtime == null) {
      throw new IllegalArgumentException("no listener '" + name + "'");
    }
    return runtime.localAddress();
  }

  Collection<ListenerRuntime> all() {
    return listeners.values();
  }

  /** Stops accepting on every listener and closes every connection. */
  void closeAll() {
    listeners.values().forEach(ListenerRuntime::stopAccepting);
    listeners.values().forEach(ListenerRuntime::close);
    listeners.clear();
  }

  /** A planned change of the listener set. */
  final class Plan {
    private final List<ListenerRuntime> added = new ArrayList<>();
    private final List<String> kept = new ArrayList<>();
    private final Map<ListenerRuntime, ListenerConfig> changed = new LinkedHashMap<>();
    private final Map<ListenerRuntime, NetworkFilter> changedFilters = new LinkedHashMap<>();

    /** Applies the plan; listeners no longer wanted drain for {@code grace}. */
    void commit(Duration grace) {
      changed.forEach(
          (runtime, config) -> runtime.replaceFilter(config, changedFilters.get(runtime)));
      List<String> removed = new ArrayList<>();
      for (String name : listeners.keySet()) {
        if (!kept.contains(name)) {
          removed.add(name);
        }
      }
      for (String name : removed) {
        listeners.remove(name).drain(grace);
      }
      added.forEach(runtime -> listeners.put(runtime.name(), runtime));
    }
  }
}

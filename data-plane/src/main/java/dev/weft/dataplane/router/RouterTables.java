package dev.weft.dataplane.router;

import dev.weft.dataplane.config.RouterConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The route tables by name, replaced atomically. A request looks its table up when its head
 * arrives, so an update applies to the next request on every connection.
 */
public final class RouterTables {
  private volatile Map<String, Router> routers = Map.of();

  /** The table called {@code name} now, or null. */
  public Router get(String name) {
    return routers.get(name);
  }

  public Collection<Router> all() {
    return routers.values();
  }

  /** Compiles {@code configs} and replaces every table; a bad table throws and changes nothing. */
  public synchronized void replaceAll(List<RouterConfig> configs) {
    install(compile(configs));
  }

  /** Compiles tables without installing them; a bad one throws. */
  public static Map<String, Router> compile(List<RouterConfig> configs) {
    Map<String, Router> next = new LinkedHashMap<>();
    for (RouterConfig config : configs) {
      next.put(config.name(), new Router(config));
    }
    return next;
  }

  /** Replaces every table with ones from {@link #compile}. */
  public synchronized void install(Map<String, Router> compiled) {
    routers = Map.copyOf(compiled);
  }

  /** Compiles and adds or replaces one table. */
  public synchronized void put(RouterConfig config) {
    Map<String, Router> next = new LinkedHashMap<>(routers);
    next.put(config.name(), new Router(config));
    routers = Map.copyOf(next);
  }

  /** Removes one table. */
  public synchronized void remove(String name) {
    Map<String, Router> next = new LinkedHashMap<>(routers);
    next.remove(name);
    routers = Map.copyOf(next);
  }
}

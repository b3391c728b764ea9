package dev.weft.dataplane.router;

import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import dev.weft.dataplane.protocol.RequestHead;
import java.util.ArrayList;
import java.util.List;

/** A compiled virtual host: its routes, tried in order. */
public final class VirtualHost {
  private final VirtualHostConfig config;
  private final List<Route> routes;

  VirtualHost(VirtualHostConfig config, RouterConfig table) {
    this.config = config;
    VirtualHostMutations inherited =
        new VirtualHostMutations(
            config.requestHeaders(),
            config.responseHeaders(),
            table.requestHeaders(),
            table.responseHeaders());
    List<Route> compiled = new ArrayList<>();
    config.routes().forEach(route -> compiled.add(new Route(route, inherited)));
    this.routes = List.copyOf(compiled);
  }

  public String name() {
    return config.name();
  }

  /** The first route matching {@code head}, or null. */
  Route route(RequestHead head) {
    for (int i = 0; i < routes.size(); i++) {
      Route route = routes.get(i);
      if (route.matches(head)) {
        return route;
      }
    }
    return null;
  }
}

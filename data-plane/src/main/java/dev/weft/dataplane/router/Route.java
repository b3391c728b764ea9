package dev.weft.dataplane.router;

import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.protocol.RequestHead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** A compiled route: its conditions, its action, and the header changes that apply with it. */
public final class Route {
  private final RouteConfig config;
  private final PathMatch path;
  private final List<HeaderMatch> headers;
  private final List<HeaderMutations> requestMutations;
  private final List<HeaderMutations> responseMutations;
  private final int totalWeight;

  Route(RouteConfig config, VirtualHostMutations inherited) {
    this.config = config;
    this.path = config.match().path().map(PathMatch::compile).orElse(null);
    List<HeaderMatch> compiled = new ArrayList<>();
    config.match().headers().forEach(h -> compiled.add(new HeaderMatch(h)));
    this.headers = List.copyOf(compiled);
    this.requestMutations = inherited.request(config.requestHeaders());
    this.responseMutations = inherited.response(config.responseHeaders());
    int weight = 0;
    if (config.action() instanceof RouteAction.Forward
        && ((RouteAction.Forward) config.action()).cluster()
            instanceof RouteAction.WeightedClusters) {
      for (RouteAction.WeightedCluster cluster :
          ((RouteAction.WeightedClusters) ((RouteAction.Forward) config.action()).cluster())
              .clusters()) {
        weight += cluster.weight();
      }
    }
    this.totalWeight = weight;
  }

  boolean matches(RequestHead head) {
    if (path != null && !path.matches(head)) {
      return false;
    }
    for (HeaderMatch header : headers) {
      if (!header.matches(head.headers())) {
        return false;
      }
    }
    return true;
  }

  public RouteConfig config() {
    return config;
  }

  public RouteAction action() {
    return config.action();
  }

  /** Header changes for the request, most specific (route) first, then virtual host, then table. */
  public List<HeaderMutations> requestMutations() {
    return requestMutations;
  }

  public List<HeaderMutations> responseMutations() {
    return responseMutations;
  }

  /**
   * The cluster this route sends {@code head} to, with the metadata a host must match; empty when
   * the route does not forward or a {@code cluster_header} is missing.
   */
  public Optional<ClusterChoice> cluster(RequestHead head) {
    if (!(config.action() instanceof RouteAction.Forward)) {
      return Optional.empty();
    }
    RouteAction.Forward forward = (RouteAction.Forward) config.action();
    RouteAction.ClusterSpecifier specifier = forward.cluster();
    if (specifier instanceof RouteAction.NamedCluster) {
      return Optional.of(
          new ClusterChoice(
              ((RouteAction.NamedCluster) specifier).name(), forward.metadataMatch()));
    }
    if (specifier instanceof RouteAction.ClusterFromHeader) {
      String name = head.headers().get(((RouteAction.ClusterFromHeader) specifier).header());
      return name == null || name.isEmpty()
          ? Optional.empty()
          : Optional.of(new ClusterChoice(name, forward.metadataMatch()));
    }
    List<RouteAction.WeightedCluster> clusters =
        ((RouteAction.WeightedClusters) specifier).clusters();
    int pick = ThreadLocalRandom.current().nextInt(Math.max(1, totalWeight));
    for (RouteAction.WeightedCluster cluster : clusters) {
      pick -= cluster.weight();
      if (pick < 0) {
        Map<String, String> metadata = new HashMap<>(forward.metadataMatch());
        metadata.putAll(cluster.metadataMatch());
        return Optional.of(new ClusterChoice(cluster.name(), metadata));
      }
    }
    return Optional.empty();
  }

  /** A cluster and the metadata subset within it. */
  public record ClusterChoice(String name, Map<String, String> metadataMatch) {}
}

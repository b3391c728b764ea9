package dev.weft.dataplane.admin;

import static dev.weft.dataplane.admin.ConfigDump.array;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.weft.dataplane.config.GoDuration;
import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.VirtualHostConfig;

/** Route tables as MOSN writes them in {@code servers[].routers[]}. */
final class RouterJson {
  private RouterJson() {}

  static JsonObject router(RouterConfig router) {
    JsonObject json = new JsonObject();
    json.addProperty("router_config_name", router.name());
    json.add("virtual_hosts", array(router.virtualHosts(), RouterJson::virtualHost));
    headers(json, router.requestHeaders(), router.responseHeaders());
    return json;
  }

  private static JsonObject virtualHost(VirtualHostConfig host) {
    JsonObject json = new JsonObject();
    json.addProperty("name", host.name());
    JsonArray domains = new JsonArray();
    host.domains().forEach(domains::add);
    json.add("domains", domains);
    json.add("routers", array(host.routes(), RouterJson::route));
    headers(json, host.requestHeaders(), host.responseHeaders());
    return json;
  }

  private static JsonObject route(RouteConfig route) {
    JsonObject json = new JsonObject();
    json.add("match", match(route.match()));
    RouteAction action = route.action();
    if (action instanceof RouteAction.Forward forward) {
      json.add("route", forward(forward));
    } else if (action instanceof RouteAction.Redirect redirect) {
      JsonObject r = new JsonObject();
      r.addProperty("response_code", redirect.responseCode());
      redirect.path().ifPresent(p -> r.addProperty("path_redirect", p));
      redirect.host().ifPresent(h -> r.addProperty("host_redirect", h));
      redirect.scheme().ifPresent(s -> r.addProperty("scheme_redirect", s));
      json.add("redirect", r);
    } else if (action instanceof RouteAction.DirectResponse direct) {
      JsonObject r = new JsonObject();
      r.addProperty("status", direct.status());
      r.addProperty("body", direct.body());
      json.add("direct_response", r);
    }
    if (!route.metadata().isEmpty()) {
      json.add("metadata", ConfigJson.metadata(route.metadata()));
    }
    headers(json, route.requestHeaders(), route.responseHeaders());
    return json;
  }

  private static JsonObject match(RouteMatch match) {
    JsonObject json = new JsonObject();
    match
        .path()
        .ifPresent(
            path -> {
              if (path instanceof RouteMatch.Prefix prefix) {
                json.addProperty("prefix", prefix.prefix());
              } else if (path instanceof RouteMatch.Exact exact) {
                json.addProperty("path", exact.path());
              } else if (path instanceof RouteMatch.Regex regex) {
                json.addProperty("regex", regex.regex());
              }
            });
    if (!match.headers().isEmpty()) {
      JsonArray headers = new JsonArray();
      for (RouteMatch.HeaderMatcher header : match.headers()) {
        JsonObject h = new JsonObject();
        h.addProperty("name", header.name());
        h.addProperty("value", header.value());
        h.addProperty("regex", header.regex());
        if (header.invert()) {
          h.addProperty("invert_match", true);
        }
        headers.add(h);
      }
      json.add("headers", headers);
    }
    return json;
  }

  private static JsonObject forward(RouteAction.Forward forward) {
    JsonObject json = new JsonObject();
    RouteAction.ClusterSpecifier cluster = forward.cluster();
    if (cluster instanceof RouteAction.NamedCluster named) {
      json.addProperty("cluster_name", named.name());
    } else if (cluster instanceof RouteAction.ClusterFromHeader header) {
      json.addProperty("cluster_header", header.header());
    } else if (cluster instanceof RouteAction.WeightedClusters weighted) {
      json.add("weighted_clusters", array(weighted.clusters(), RouterJson::weightedCluster));
    }
    if (!forward.metadataMatch().isEmpty()) {
      json.add("metadata_match", ConfigJson.metadata(forward.metadataMatch()));
    }
    json.addProperty("timeout", GoDuration.format(forward.timeout()));
    forward.retry().ifPresent(retry -> json.add("retry_policy", retry(retry)));
    if (!forward.hashPolicies().isEmpty()) {
      json.add("hash_policy", array(forward.hashPolicies(), RouterJson::hashPolicy));
    }
    forward.prefixRewrite().ifPresent(p -> json.addProperty("prefix_rewrite", p));
    forward.hostRewrite().ifPresent(h -> json.addProperty("host_rewrite", h));
    forward.upstreamProtocol().ifPresent(p -> json.addProperty("upstream_protocol", p));
    return json;
  }

  private static JsonObject weightedCluster(RouteAction.WeightedCluster cluster) {
    JsonObject c = new JsonObject();
    c.addProperty("name", cluster.name());
    c.addProperty("weight", cluster.weight());
    if (!cluster.metadataMatch().isEmpty()) {
      c.add("metadata_match", ConfigJson.metadata(cluster.metadataMatch()));
    }
    JsonObject json = new JsonObject();
    json.add("cluster", c);
    return json;
  }

  private static JsonObject retry(RouteAction.RetryPolicy retry) {
    JsonObject json = new JsonObject();
    json.addProperty("retry_on", retry.retryOnStatus());
    retry.perTryTimeout().ifPresent(t -> json.addProperty("retry_timeout", GoDuration.format(t)));
    json.addProperty("num_retries", retry.numRetries());
    if (!retry.statusCodes().isEmpty()) {
      JsonArray codes = new JsonArray();
      retry.statusCodes().forEach(codes::add);
      json.add("status_codes", codes);
    }
    return json;
  }

  private static JsonObject hashPolicy(RouteAction.HashPolicy policy) {
    JsonObject json = new JsonObject();
    if (policy instanceof RouteAction.HeaderHash header) {
      JsonObject key = new JsonObject();
      key.addProperty("key", header.header());
      json.add("header", key);
    } else if (policy instanceof RouteAction.SourceIpHash) {
      json.add("source_ip", new JsonObject());
    }
    return json;
  }

  /** {@code request_headers_to_add} and friends, only when there are any. */
  private static void headers(JsonObject json, HeaderMutations request, HeaderMutations response) {
    mutations(json, "request", request);
    mutations(json, "response", response);
  }

  private static void mutations(JsonObject json, String direction, HeaderMutations mutations) {
    if (!mutations.add().isEmpty()) {
      JsonArray add = new JsonArray();
      for (HeaderMutations.HeaderValue value : mutations.add()) {
        JsonObject header = new JsonObject();
        header.addProperty("key", value.name());
        header.addProperty("value", value.value());
        JsonObject item = new JsonObject();
        item.add("header", header);
        item.addProperty("append", value.append());
        add.add(item);
      }
      json.add(direction + "_headers_to_add", add);
    }
    if (!mutations.remove().isEmpty()) {
      JsonArray remove = new JsonArray();
      mutations.remove().forEach(remove::add);
      json.add(direction + "_headers_to_remove", remove);
    }
  }
}

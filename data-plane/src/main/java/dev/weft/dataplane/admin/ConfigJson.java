package dev.weft.dataplane.admin;

import static dev.weft.dataplane.admin.ConfigDump.array;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.weft.dataplane.config.AccessLogConfig;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.GoDuration;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import java.util.List;
import java.util.Map;

/** Listeners, clusters and the admin block as MOSN writes them in {@code config.json}. */
final class ConfigJson {
  private ConfigJson() {}

  static JsonObject listener(ListenerConfig listener) {
    JsonObject json = new JsonObject();
    json.addProperty("name", listener.name());
    if (listener.type() != ListenerConfig.ListenerType.UNSPECIFIED) {
      json.addProperty("type", listener.type().name().toLowerCase());
    }
    json.addProperty("address", listener.address().toString());
    json.addProperty("bind_port", listener.bindPort());
    listener
        .idleTimeout()
        .ifPresent(idle -> json.addProperty("connection_idle_timeout", GoDuration.format(idle)));
    JsonObject chain = new JsonObject();
    chain.add("filters", array(listener.networkFilters(), ConfigJson::filter));
    JsonArray chains = new JsonArray();
    chains.add(chain);
    json.add("filter_chains", chains);
    if (!listener.streamFilters().isEmpty()) {
      json.add("stream_filters", array(listener.streamFilters(), ConfigJson::filter));
    }
    if (!listener.accessLogs().isEmpty()) {
      json.add("access_logs", array(listener.accessLogs(), ConfigJson::accessLog));
    }
    return json;
  }

  static JsonObject filter(FilterConfig filter) {
    JsonObject json = new JsonObject();
    json.addProperty("type", filter.type());
    json.add("config", FilterJson.config(filter.config()));
    return json;
  }

  private static JsonObject accessLog(AccessLogConfig log) {
    JsonObject json = new JsonObject();
    json.addProperty("log_path", log.path());
    json.addProperty("log_format", log.format());
    return json;
  }

  static JsonObject cluster(ClusterConfig cluster) {
    JsonObject json = new JsonObject();
    json.addProperty("name", cluster.name());
    json.addProperty("type", cluster.type());
    json.addProperty("lb_type", cluster.lbType());
    json.addProperty("max_request_per_conn", cluster.maxRequestsPerConnection());
    json.addProperty("connect_timeout", GoDuration.format(cluster.connectTimeout()));
    cluster
        .idleTimeout()
        .ifPresent(idle -> json.addProperty("idle_timeout", GoDuration.format(idle)));
    json.add("circuit_breakers", circuitBreakers(cluster.circuitBreakers()));
    JsonObject lbConfig = new JsonObject();
    lbConfig.addProperty("choice_count", cluster.choiceCount());
    json.add("lbconfig", lbConfig);
    cluster.subset().ifPresent(subset -> json.add("lb_subset_config", subset(subset)));
    json.add("hosts", array(cluster.hosts(), ConfigJson::host));
    return json;
  }

  private static JsonArray circuitBreakers(ClusterConfig.CircuitBreakers limits) {
    JsonObject json = new JsonObject();
    json.addProperty("max_connections", limits.maxConnections());
    json.addProperty("max_pending_requests", limits.maxPendingRequests());
    json.addProperty("max_requests", limits.maxRequests());
    json.addProperty("max_retries", limits.maxRetries());
    JsonArray array = new JsonArray();
    array.add(json);
    return array;
  }

  private static JsonObject subset(ClusterConfig.LbSubsetConfig subset) {
    JsonObject json = new JsonObject();
    json.addProperty("fall_back_policy", subset.fallbackPolicy().ordinal());
    json.add("default_subset", strings(subset.defaultSubset()));
    JsonArray selectors = new JsonArray();
    for (List<String> selector : subset.selectors()) {
      JsonArray keys = new JsonArray();
      selector.forEach(keys::add);
      selectors.add(keys);
    }
    json.add("subset_selectors", selectors);
    return json;
  }

  private static JsonObject host(ClusterConfig.HostConfig host) {
    JsonObject json = new JsonObject();
    json.addProperty("address", host.address().toString());
    if (!host.hostname().isEmpty()) {
      json.addProperty("hostname", host.hostname());
    }
    json.addProperty("weight", host.weight());
    if (!host.metadata().isEmpty()) {
      json.add("metadata", metadata(host.metadata()));
    }
    return json;
  }

  /** {@code {"address":{"socket_address":{"address":HOST,"port_value":PORT}}}}. */
  static JsonObject admin(HostPort address) {
    JsonObject socket = new JsonObject();
    socket.addProperty("address", address.host());
    socket.addProperty("port_value", address.port());
    JsonObject socketAddress = new JsonObject();
    socketAddress.add("socket_address", socket);
    JsonObject json = new JsonObject();
    json.add("address", socketAddress);
    return json;
  }

  /** MOSN's metadata nesting: {@code {"filter_metadata":{"mosn.lb":{...}}}}. */
  static JsonObject metadata(Map<String, String> values) {
    JsonObject lb = new JsonObject();
    lb.add("mosn.lb", strings(values));
    JsonObject json = new JsonObject();
    json.add("filter_metadata", lb);
    return json;
  }

  /** A string map, keys sorted so that dumps compare. */
  static JsonObject strings(Map<String, String> values) {
    JsonObject json = new JsonObject();
    values.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> json.addProperty(e.getKey(), e.getValue()));
    return json;
  }
}

package dev.weft.dataplane.config.mosn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.weft.dataplane.config.ConfigResult;

/**
 * A small valid MOSN config that a test changes by JSON path, then loads with the {@link
 * TestVocabulary} under the name {@code config.json}.
 */
final class ConfigJson {
  static final String LISTENER = "servers[0].listeners[0]";
  static final String PROXY = LISTENER + ".filter_chains[0].filters[0].config";
  static final String ROUTER = "servers[0].routers[0]";
  static final String VHOST = ROUTER + ".virtual_hosts[0]";
  static final String ROUTE = VHOST + ".routers[0]";
  static final String CLUSTER = "cluster_manager.clusters[0]";

  private static final String BASE =
      """
      {
        "servers": [{
          "listeners": [{
            "name": "egress",
            "address": "127.0.0.1:2045",
            "bind_port": true,
            "filter_chains": [{
              "filters": [{
                "type": "proxy",
                "config": {"downstream_protocol": "Http1", "router_config_name": "egress_router"}
              }]
            }]
          }],
          "routers": [{
            "router_config_name": "egress_router",
            "virtual_hosts": [{
              "name": "all",
              "domains": ["*"],
              "routers": [{"match": {"prefix": "/"}, "route": {"cluster_name": "backend"}}]
            }]
          }]
        }],
        "cluster_manager": {
          "clusters": [{"name": "backend", "hosts": [{"address": "127.0.0.1:8080"}]}]
        }
      }
      """;

  private final JsonObject root;
  private MosnVocabulary vocabulary = TestVocabulary.create();

  private ConfigJson(JsonObject root) {
    this.root = root;
  }

  static ConfigJson base() {
    return new ConfigJson(JsonParser.parseString(BASE).getAsJsonObject());
  }

  ConfigJson vocabulary(MosnVocabulary vocabulary) {
    this.vocabulary = vocabulary;
    return this;
  }

  /** Sets {@code path} (such as {@code servers[0].listeners[0].address}) to a JSON value. */
  ConfigJson setJson(String path, String json) {
    return set(path, JsonParser.parseString(json));
  }

  ConfigJson set(String path, String value) {
    return set(path, new JsonPrimitive(value));
  }

  ConfigJson set(String path, Number value) {
    return set(path, new JsonPrimitive(value));
  }

  ConfigJson set(String path, boolean value) {
    return set(path, new JsonPrimitive(value));
  }

  ConfigJson remove(String path) {
    int dot = path.lastIndexOf('.');
    ((JsonObject) at(dot < 0 ? "" : path.substring(0, dot))).remove(path.substring(dot + 1));
    return this;
  }

  private ConfigJson set(String path, JsonElement value) {
    int dot = path.lastIndexOf('.');
    String parent = dot < 0 ? "" : path.substring(0, dot);
    String last = path.substring(dot + 1);
    JsonElement container = at(parent);
    if (last.endsWith("]")) {
      String name = last.substring(0, last.indexOf('['));
      int index = Integer.parseInt(last.substring(last.indexOf('[') + 1, last.length() - 1));
      JsonArray array = container.getAsJsonObject().getAsJsonArray(name);
      if (index == array.size()) {
        array.add(value);
      } else {
        array.set(index, value);
      }
    } else {
      container.getAsJsonObject().add(last, value);
    }
    return this;
  }

  private JsonElement at(String path) {
    JsonElement node = root;
    if (path.isEmpty()) {
      return node;
    }
    for (String part : path.split("\\.")) {
      String name = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
      node = node.getAsJsonObject().get(name);
      if (part.contains("[")) {
        int index = Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1));
        node = node.getAsJsonArray().get(index);
      }
    }
    return node;
  }

  String json() {
    return root.toString();
  }

  ConfigResult<LoadedConfig> load() {
    return MosnConfigLoader.parse(root.toString(), "config.json", vocabulary);
  }

  /** The loaded config; fails the test with the error if there is one. */
  LoadedConfig ok() {
    return load().orThrow();
  }

  /** The error as the CLI prints it, {@code config.json: path: message}. */
  String error() {
    return load().error().toString();
  }
}

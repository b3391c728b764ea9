package dev.weft.dataplane.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.weft.dataplane.config.Cidr;
import dev.weft.dataplane.config.GoDuration;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.TcpProxyConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A filter's parsed config back in MOSN's keys: {@code proxy} and {@code tcp_proxy} by hand, any
 * other filter's record by its components, named in snake case (so a filter added later dumps
 * without code here; its secrets still go through {@link Secrets}).
 */
final class FilterJson {
  private FilterJson() {}

  static JsonElement config(Object config) {
    if (config instanceof ProxyConfig proxy) {
      return proxy(proxy);
    } else if (config instanceof TcpProxyConfig tcp) {
      return tcpProxy(tcp);
    }
    return generic(config);
  }

  private static JsonObject proxy(ProxyConfig proxy) {
    JsonObject json = new JsonObject();
    json.addProperty("downstream_protocol", String.join(",", proxy.downstreamProtocols()));
    json.addProperty("upstream_protocol", proxy.upstreamProtocol());
    json.addProperty("router_config_name", proxy.routerConfigName());
    if (!proxy.protocolOptions().isEmpty()) {
      JsonObject extend = new JsonObject();
      new TreeMap<>(proxy.protocolOptions())
          .forEach((protocol, options) -> extend.add(protocol, ConfigJson.strings(options)));
      json.add("extend_config", extend);
    }
    return json;
  }

  private static JsonObject tcpProxy(TcpProxyConfig tcp) {
    JsonObject json = new JsonObject();
    json.addProperty("stat_prefix", tcp.statPrefix());
    json.addProperty("cluster", tcp.cluster());
    // MOSN quirk: tcp_proxy's idle_timeout is a raw Go duration, an integer in nanoseconds.
    tcp.idleTimeout().ifPresent(idle -> json.addProperty("idle_timeout", idle.toNanos()));
    json.addProperty("max_connect_attempts", tcp.maxConnectAttempts());
    JsonArray routes = new JsonArray();
    for (TcpProxyConfig.Route route : tcp.routes()) {
      JsonObject r = new JsonObject();
      r.addProperty("cluster", route.cluster());
      r.add("source_addrs", ConfigDump.array(route.sourceAddresses(), FilterJson::cidr));
      r.add("destination_addrs", ConfigDump.array(route.destinationAddresses(), FilterJson::cidr));
      routes.add(r);
    }
    json.add("routes", routes);
    return json;
  }

  private static JsonObject cidr(Cidr cidr) {
    JsonObject json = new JsonObject();
    json.addProperty("address", cidr.prefix().getHostAddress());
    json.addProperty("length", cidr.length());
    return json;
  }

  /** Records by component, collections and maps element-wise, durations in Go's syntax. */
  static JsonElement generic(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    } else if (value instanceof Optional<?> optional) {
      return optional.map(FilterJson::generic).orElse(JsonNull.INSTANCE);
    } else if (value instanceof String || value instanceof Character) {
      return new JsonPrimitive(value.toString());
    } else if (value instanceof Number number) {
      return new JsonPrimitive(number);
    } else if (value instanceof Boolean bool) {
      return new JsonPrimitive(bool);
    } else if (value instanceof Duration duration) {
      return new JsonPrimitive(GoDuration.format(duration));
    } else if (value instanceof Enum<?> constant) {
      return new JsonPrimitive(constant.name());
    } else if (value instanceof HostPort || value instanceof Cidr) {
      return new JsonPrimitive(value.toString());
    } else if (value instanceof Collection<?> items) {
      JsonArray array = new JsonArray();
      items.forEach(item -> array.add(generic(item)));
      return array;
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      JsonObject json = new JsonObject();
      sorted.forEach((k, v) -> json.add(k, generic(v)));
      return json;
    } else if (value.getClass().isRecord()) {
      return record(value);
    }
    return new JsonPrimitive(value.toString());
  }

  private static JsonObject record(Object record) {
    JsonObject json = new JsonObject();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      Object componentValue;
      try {
        component.getAccessor().trySetAccessible();
        componentValue = component.getAccessor().invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        componentValue = "<unreadable: " + e + ">";
      }
      JsonElement element = generic(componentValue);
      if (!element.isJsonNull()) {
        json.add(snakeCase(component.getName()), element);
      }
    }
    return json;
  }

  static String snakeCase(String camel) {
    StringBuilder out = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}

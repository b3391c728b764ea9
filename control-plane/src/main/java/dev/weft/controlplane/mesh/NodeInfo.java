package dev.weft.controlplane.mesh;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.registry.model.Protocol;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who an xDS client is, read once from the {@link Node} of its stream's first request. The metadata
 * keys are documented in docs/xds-mapping.md:
 *
 * <ul>
 *   <li>{@code app}: the application's name;
 *   <li>zone: {@code locality.zone}, else metadata {@code zone};
 *   <li>{@code weft.egress_ports}: a struct of protocol → egress port (defaults {@link
 *       #DEFAULT_EGRESS_PORTS});
 *   <li>{@code weft.app_ports}: a struct of protocol → the local app's port (defaults {@link
 *       #DEFAULT_APP_PORTS});
 *   <li>{@code weft.session}: true when the node opens a registry session with its node id, so the
 *       control plane waits briefly for it before answering a first wildcard request.
 * </ul>
 */
public record NodeInfo(
    String id,
    String cluster,
    String zone,
    String app,
    Map<Protocol, Integer> egressPorts,
    Map<Protocol, Integer> appPorts,
    boolean sessionBacked) {
  /** Bolt's is the port SOFA RPC's mesh registry dials (seed 000); the others are Weft's. */
  public static final Map<Protocol, Integer> DEFAULT_EGRESS_PORTS =
      Map.of(Protocol.BOLT, 12220, Protocol.DUBBO, 12230, Protocol.HTTP, 12240);

  /** SOFA's Bolt default, Dubbo's default, and a common HTTP app port. */
  public static final Map<Protocol, Integer> DEFAULT_APP_PORTS =
      Map.of(Protocol.BOLT, 12200, Protocol.DUBBO, 20880, Protocol.HTTP, 8080);

  public NodeInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(app, "app");
    egressPorts = Map.copyOf(egressPorts);
    appPorts = Map.copyOf(appPorts);
  }

  /** A node with the default ports and no registry session. */
  public static NodeInfo of(String id) {
    return new NodeInfo(id, "", "", "", DEFAULT_EGRESS_PORTS, DEFAULT_APP_PORTS, false);
  }

  /**
   * Reads a node's identity.
   *
   * @throws InvalidNodeException naming the field when the metadata has a wrong shape
   */
  public static NodeInfo from(Node node) {
    if (node.getId().isEmpty()) {
      throw new InvalidNodeException("node.id", "a non-empty node id", "''");
    }
    Struct metadata = node.getMetadata();
    String zone = node.getLocality().getZone();
    if (zone.isEmpty()) {
      zone = string(metadata, "zone");
    }
    return new NodeInfo(
        node.getId(),
        node.getCluster(),
        zone,
        string(metadata, "app"),
        ports(metadata, "weft.egress_ports", DEFAULT_EGRESS_PORTS),
        ports(metadata, "weft.app_ports", DEFAULT_APP_PORTS),
        bool(metadata, "weft.session"));
  }

  private static String string(Struct metadata, String key) {
    Value value = metadata.getFieldsMap().get(key);
    if (value == null) {
      return "";
    }
    if (value.getKindCase() != Value.KindCase.STRING_VALUE) {
      throw new InvalidNodeException("node.metadata." + key, "a string", value.getKindCase());
    }
    return value.getStringValue();
  }

  private static boolean bool(Struct metadata, String key) {
    Value value = metadata.getFieldsMap().get(key);
    if (value == null) {
      return false;
    }
    return switch (value.getKindCase()) {
      case BOOL_VALUE -> value.getBoolValue();
      case STRING_VALUE -> Boolean.parseBoolean(value.getStringValue());
      default ->
          throw new InvalidNodeException("node.metadata." + key, "a bool", value.getKindCase());
    };
  }

  private static Map<Protocol, Integer> ports(
      Struct metadata, String key, Map<Protocol, Integer> defaults) {
    Value value = metadata.getFieldsMap().get(key);
    if (value == null) {
      return defaults;
    }
    String field = "node.metadata." + key;
    if (value.getKindCase() != Value.KindCase.STRUCT_VALUE) {
      throw new InvalidNodeException(field, "a struct of protocol to port", value.getKindCase());
    }
    Map<Protocol, Integer> ports = new EnumMap<>(Protocol.class);
    for (Map.Entry<String, Value> entry : value.getStructValue().getFieldsMap().entrySet()) {
      String at = field + "." + entry.getKey();
      Protocol protocol;
      try {
        protocol = Protocol.parse(at, entry.getKey());
      } catch (RuntimeException e) {
        throw new InvalidNodeException(at, "one of " + Protocol.names(), entry.getKey());
      }
      Value port = entry.getValue();
      double number =
          port.getKindCase() == Value.KindCase.NUMBER_VALUE
              ? port.getNumberValue()
              : port.getKindCase() == Value.KindCase.STRING_VALUE
                  ? parse(at, port.getStringValue())
                  : -1;
      if (number < 1 || number > 65535 || number != Math.rint(number)) {
        throw new InvalidNodeException(at, "a port from 1 to 65535", port.toString().trim());
      }
      ports.put(protocol, (int) number);
    }
    return ports;
  }

  private static double parse(String field, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new InvalidNodeException(field, "a port from 1 to 65535", "'" + text + "'");
    }
  }
}

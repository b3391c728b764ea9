package dev.weft.dataplane.xds;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.dataplane.config.XdsNode;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.List;
import java.util.Map;

/** {@link XdsNode} as Envoy's {@code Node}, metadata as a protobuf Struct. */
final class NodeProtos {
  static final String USER_AGENT = "weft";

  private NodeProtos() {}

  static Node toProto(XdsNode node) {
    Node.Builder proto =
        Node.newBuilder()
            .setId(node.id())
            .setCluster(node.cluster())
            .setUserAgentName(USER_AGENT)
            .setMetadata(struct(node.metadata()));
    if (!node.region().isEmpty() || !node.zone().isEmpty() || !node.subZone().isEmpty()) {
      proto.setLocality(
          Locality.newBuilder()
              .setRegion(node.region())
              .setZone(node.zone())
              .setSubZone(node.subZone()));
    }
    return proto.build();
  }

  static Struct struct(Map<String, ?> map) {
    Struct.Builder struct = Struct.newBuilder();
    map.forEach((key, value) -> struct.putFields(key, value(value)));
    return struct.build();
  }

  private static Value value(Object value) {
    if (value == null) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (value instanceof String text) {
      return Value.newBuilder().setStringValue(text).build();
    }
    if (value instanceof Boolean bool) {
      return Value.newBuilder().setBoolValue(bool).build();
    }
    if (value instanceof Number number) {
      return Value.newBuilder().setNumberValue(number.doubleValue()).build();
    }
    if (value instanceof Map<?, ?> map) {
      Struct.Builder struct = Struct.newBuilder();
      map.forEach((key, inner) -> struct.putFields(String.valueOf(key), value(inner)));
      return Value.newBuilder().setStructValue(struct).build();
    }
    if (value instanceof List<?> list) {
      ListValue.Builder values = ListValue.newBuilder();
      list.forEach(inner -> values.addValues(value(inner)));
      return Value.newBuilder().setListValue(values).build();
    }
    throw new IllegalArgumentException(
        "node metadata: cannot send a " + value.getClass().getSimpleName() + " (" + value + ")");
  }
}

package dev.weft.dataplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The four resource types a sidecar asks for over ADS. */
public enum XdsType {
  LDS("type.googleapis.com/envoy.config.listener.v3.Listener", Listener.class, true),
  RDS(
      "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
      RouteConfiguration.class,
      false),
  CDS("type.googleapis.com/envoy.config.cluster.v3.Cluster", Cluster.class, true),
  EDS(
      "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment",
      ClusterLoadAssignment.class,
      false);

  /** The order of the requests on a new stream, Envoy's: clusters and endpoints first. */
  static final List<XdsType> REQUEST_ORDER = List.of(CDS, EDS, LDS, RDS);

  private final String typeUrl;
  private final Class<? extends Message> messageClass;
  private final boolean wildcard;

  XdsType(String typeUrl, Class<? extends Message> messageClass, boolean wildcard) {
    this.typeUrl = typeUrl;
    this.messageClass = messageClass;
    this.wildcard = wildcard;
  }

  public String typeUrl() {
    return typeUrl;
  }

  /**
   * LDS and CDS: asked for with a wildcard, and each response is complete (a resource left out is
   * deleted). RDS and EDS name their resources, and a response only adds or replaces.
   */
  public boolean wildcard() {
    return wildcard;
  }

  static Optional<XdsType> ofUrl(String typeUrl) {
    return Arrays.stream(values()).filter(type -> type.typeUrl.equals(typeUrl)).findFirst();
  }

  /** The resource inside {@code any}, which must be of this type. */
  Message unpack(Any any) throws InvalidProtocolBufferException {
    if (!any.getTypeUrl().equals(typeUrl)) {
      throw new InvalidProtocolBufferException(
          "expected "
              + typeUrl
              + ", got "
              + (any.getTypeUrl().isEmpty() ? "no type" : any.getTypeUrl()));
    }
    return any.unpack(messageClass);
  }

  /** The name a resource of this type goes by. */
  String nameOf(Message resource) {
    return switch (this) {
      case LDS -> ((Listener) resource).getName();
      case RDS -> ((RouteConfiguration) resource).getName();
      case CDS -> ((Cluster) resource).getName();
      case EDS -> ((ClusterLoadAssignment) resource).getClusterName();
    };
  }

  /** The resources of this type held in {@code resources}. */
  Map<String, ? extends Message> in(XdsResources resources) {
    return switch (this) {
      case LDS -> resources.listeners();
      case RDS -> resources.routes();
      case CDS -> resources.clusters();
      case EDS -> resources.endpoints();
    };
  }

  /** {@code resources} with this type's resources replaced by {@code held}. */
  @SuppressWarnings("unchecked")
  XdsResources with(XdsResources resources, Map<String, ? extends Message> held) {
    Map<String, Message> copy = new LinkedHashMap<>(held);
    return switch (this) {
      case LDS ->
          new XdsResources(
              (Map<String, Listener>) (Map<String, ?>) copy,
              resources.routes(),
              resources.clusters(),
              resources.endpoints());
      case RDS ->
          new XdsResources(
              resources.listeners(),
              (Map<String, RouteConfiguration>) (Map<String, ?>) copy,
              resources.clusters(),
              resources.endpoints());
      case CDS ->
          new XdsResources(
              resources.listeners(),
              resources.routes(),
              (Map<String, Cluster>) (Map<String, ?>) copy,
              resources.endpoints());
      case EDS ->
          new XdsResources(
              resources.listeners(),
              resources.routes(),
              resources.clusters(),
              (Map<String, ClusterLoadAssignment>) (Map<String, ?>) copy);
    };
  }
}

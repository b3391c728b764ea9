package dev.weft.controlplane.translate;

import dev.weft.registry.model.InvalidRegistrationException;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.ServiceId;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names of the resources Weft's control plane hands out (docs/xds-mapping.md, "Naming").
 *
 * <p>A service's cluster is named by its {@code dataId} when its instance id and group are the
 * defaults, else by its {@code dataInfoId}; that string also names its EDS resource, its proxyless
 * listener and its proxyless route configuration. Sidecar resources have reserved names ({@code
 * egress_bolt}, {@code ingress_http_router}, …) that never name a service.
 */
public final class Naming {
  private static final String PROTOCOLS = "(bolt|dubbo|http|grpc)";
  private static final Pattern SIDECAR =
      Pattern.compile(
          "egress_"
              + PROTOCOLS
              + "(_router)?"
              + "|ingress_"
              + PROTOCOLS
              + "_(router|app|[1-9][0-9]{0,4})");

  private Naming() {}

  /** The cluster (and EDS, proxyless LDS and RDS) name of {@code service}. */
  public static String cluster(ServiceId service) {
    return service.meshName();
  }

  /**
   * The service that {@code name} is the {@link #cluster cluster name} of, if any. Only the
   * canonical name counts: a {@code dataInfoId} with the default instance id and group names
   * nothing (its service is named by its {@code dataId}); reserved sidecar names name nothing.
   */
  public static Optional<ServiceId> service(String name) {
    if (name.isEmpty() || isSidecar(name)) {
      return Optional.empty();
    }
    ServiceId service;
    try {
      service = name.contains("#@#") ? ServiceId.parseDataInfoId(name) : ServiceId.of(name);
    } catch (InvalidRegistrationException e) {
      return Optional.empty();
    }
    return cluster(service).equals(name) ? Optional.of(service) : Optional.empty();
  }

  /** Whether {@code name} is one of the reserved names of a sidecar's own resources. */
  public static boolean isSidecar(String name) {
    return SIDECAR.matcher(name).matches();
  }

  /** {@code egress_<protocol>}: the listener the node's apps dial for {@code protocol}. */
  public static String egressListener(Protocol protocol) {
    return "egress_" + protocol.id();
  }

  /** {@code egress_<protocol>_router}: the routes of the egress listener. */
  public static String egressRoutes(Protocol protocol) {
    return egressListener(protocol) + "_router";
  }

  /** {@code ingress_<protocol>_<port>}: a listener for what the node publishes on {@code port}. */
  public static String ingressListener(Protocol protocol, int port) {
    return "ingress_" + protocol.id() + "_" + port;
  }

  /** {@code ingress_<protocol>_router}: the routes of the node's ingress listeners. */
  public static String ingressRoutes(Protocol protocol) {
    return "ingress_" + protocol.id() + "_router";
  }

  /** {@code ingress_<protocol>_app}: the static cluster of the node's local app. */
  public static String appCluster(Protocol protocol) {
    return "ingress_" + protocol.id() + "_app";
  }
}

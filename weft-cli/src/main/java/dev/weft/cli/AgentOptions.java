package dev.weft.cli;

import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.xds.ReplicaChannel;
import dev.weft.registry.agent.AgentSettings;
import dev.weft.registry.agent.ProtocolPorts;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.InvalidRegistrationException;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.ServiceId;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code weft sidecar}'s registry options: with {@code --registry}, the sidecar opens a registry
 * session under its node id and runs the SOFA mesh registry agent for its apps; {@code --publish}
 * and {@code --subscribe} say what an app that talks to no registry provides and consumes.
 */
final class AgentOptions {
  private static final String SIDECAR_PROTOCOLS = "bolt, dubbo or http";

  @Option(
      names = "--registry",
      paramLabel = "<host:port>[,<host:port>...]",
      description =
          "Open a registry session on this Weft registry (weft control-plane serves it on"
              + " 127.0.0.1:9600) under the node id, and run the SOFA mesh registry agent: apps"
              + " publish and subscribe through it, and the control plane turns that into this"
              + " sidecar's listeners and clusters. Needs --xds; with several control-plane"
              + " replicas, one registry address per --xds address, in the same order.")
  String registry;

  @Option(
      names = "--agent-address",
      paramLabel = "<host:port>",
      defaultValue = "127.0.0.1:13330",
      description =
          "Where the SOFA mesh registry agent listens, with --registry (default:"
              + " ${DEFAULT-VALUE}, where SOFA RPC's registry-mesh looks).")
  String agentAddress;

  @Option(
      names = "--publish-address",
      paramLabel = "<ip>",
      description =
          "The IP address other sidecars reach this one on, published for the app's services"
              + " (default: this host's first non-loopback IPv4 address, else 127.0.0.1).")
  String publishAddress;

  @Option(
      names = "--ingress-port",
      paramLabel = "<protocol=port>",
      description =
          "The ingress port published for a protocol's services (defaults: bolt=12201,"
              + " dubbo=12231, http=12241); repeatable.")
  Map<String, Integer> ingressPorts;

  @Option(
      names = "--publish",
      paramLabel = "<protocol>:<dataId>",
      description =
          "Static app config, with --registry: the app provides this service (for an app that"
              + " talks to no registry). The sidecar publishes its own address and ingress port"
              + " for it, as the agent does on an app's publish, e.g. dubbo:com.example.Echo (a"
              + " Dubbo interface), http:shop (the HTTP Host), bolt:com.example.Echo:1.0;"
              + " repeatable.")
  List<String> publishes;

  @Option(
      names = "--subscribe",
      paramLabel = "<protocol>:<dataId>",
      description =
          "Static app config, with --registry: the app consumes this service, so the sidecar"
              + " subscribes to it and the control plane sends its cluster and egress routes;"
              + " repeatable.")
  List<String> subscribes;

  /** A service the sidecar publishes or subscribes to for its app (static app config). */
  record StaticService(Protocol protocol, ServiceId service) {
    @Override
    public String toString() {
      return protocol.id() + ":" + service.dataId();
    }
  }

  /** The registry's replicas named by {@code --registry}, in order of preference. */
  Optional<List<HostPort>> registry() {
    return Optional.ofNullable(registry).map(text -> Addresses.remoteList("--registry", text));
  }

  /**
   * Replica i is {@code --xds} entry i with {@code --registry} entry i: a sidecar's registry
   * session must be on the replica its ADS stream is on, so the lists must pair up.
   *
   * @param entry the i-th control plane, for the message: {@code address i of --xds}
   */
  static void checkPairs(List<HostPort> controlPlanes, String entry, List<HostPort> registries) {
    if (controlPlanes.size() != registries.size()) {
      throw CliException.usage(
          "--registry: expected one registry address per control-plane replica, in the same order"
              + " (replica i is "
              + entry
              + " and address i of --registry, so that the sidecar's registry session and its ADS"
              + " stream move together), got "
              + controlPlanes.size()
              + " control-plane address"
              + (controlPlanes.size() == 1 ? "" : "es")
              + " ("
              + ReplicaChannel.describe(controlPlanes)
              + ") and "
              + registries.size()
              + " registry address"
              + (registries.size() == 1 ? "" : "es")
              + " ("
              + ReplicaChannel.describe(registries)
              + ")");
    }
  }

  /** The first agent option given without --registry, if any. */
  Optional<String> agentOptionWithoutRegistry() {
    if (registry != null) {
      return Optional.empty();
    }
    if (publishAddress != null) {
      return Optional.of("--publish-address");
    }
    if (ingressPorts != null) {
      return Optional.of("--ingress-port");
    }
    if (publishes != null) {
      return Optional.of("--publish");
    }
    return Optional.ofNullable(subscribes).map(given -> "--subscribe");
  }

  /** What {@code --publish} says the app provides, checked. */
  List<StaticService> publishes() {
    return services("--publish", publishes);
  }

  /** What {@code --subscribe} says the app consumes, checked. */
  List<StaticService> subscribes() {
    return services("--subscribe", subscribes);
  }

  private static List<StaticService> services(String option, List<String> given) {
    List<StaticService> services = new ArrayList<>();
    for (String text : given == null ? List.<String>of() : given) {
      StaticService service = service(option, text);
      if (!services.contains(service)) {
        services.add(service);
      }
    }
    return services;
  }

  private static StaticService service(String option, String text) {
    int colon = text.indexOf(':');
    String expected =
        option
            + ": expected <protocol>:<dataId> with a protocol of "
            + SIDECAR_PROTOCOLS
            + ", e.g. dubbo:com.example.EchoService, got '"
            + text
            + "'";
    if (colon <= 0 || colon == text.length() - 1) {
      throw CliException.usage(expected);
    }
    Protocol protocol;
    try {
      protocol = Protocol.parse(option, text.substring(0, colon));
    } catch (InvalidRegistrationException e) {
      throw CliException.usage(expected, e);
    }
    if (!AgentSettings.DEFAULT_PORTS.containsKey(protocol)) {
      throw CliException.usage(expected + " (gRPC is proxyless: it has no sidecar listeners)");
    }
    try {
      return new StaticService(protocol, ServiceId.of(text.substring(colon + 1)));
    } catch (InvalidRegistrationException e) {
      throw CliException.usage(option + ": '" + text + "': " + e.getMessage(), e);
    }
  }

  /** {@code --publish-address}, when given, must be an IP literal; exit 2 naming it otherwise. */
  void checkPublishAddress() {
    if (publishAddress != null && !Endpoint.isIpLiteral(publishAddress)) {
      throw CliException.usage(
          "--publish-address: expected the IP address other sidecars reach this one on"
              + " (endpoints reach sidecars over EDS, which carries IP addresses only), got '"
              + publishAddress
              + "'");
    }
  }

  /** The agent's settings, with the node's egress and app ports. */
  AgentSettings settings(
      String nodeId, String zone, Map<String, Integer> egressPorts, Map<String, Integer> appPorts) {
    checkPublishAddress();
    InetSocketAddress listen = Addresses.listen("--agent-address", agentAddress).toResolved();
    if (listen.isUnresolved()) {
      throw CliException.usage("--agent-address: cannot resolve '" + listen.getHostString() + "'");
    }
    Map<Protocol, ProtocolPorts> ports = new EnumMap<>(AgentSettings.DEFAULT_PORTS);
    override(
        ports,
        "--egress-port",
        egressPorts,
        (p, port) -> new ProtocolPorts(p.app(), p.ingress(), port));
    override(
        ports,
        "--app-port",
        appPorts,
        (p, port) -> new ProtocolPorts(port, p.ingress(), p.egress()));
    override(
        ports,
        "--ingress-port",
        ingressPorts,
        (p, port) -> new ProtocolPorts(p.app(), port, p.egress()));
    try {
      AgentSettings settings =
          AgentSettings.defaults(nodeId, publishAddress != null ? publishAddress : defaultHost())
              .withListen(listen)
              .withZone(zone);
      for (Map.Entry<Protocol, ProtocolPorts> entry : ports.entrySet()) {
        settings = settings.withPorts(entry.getKey(), entry.getValue());
      }
      return settings;
    } catch (IllegalArgumentException e) {
      throw CliException.usage("mesh agent: " + e.getMessage(), e);
    }
  }

  private interface PortChange {
    ProtocolPorts apply(ProtocolPorts current, int port);
  }

  private static void override(
      Map<Protocol, ProtocolPorts> ports,
      String option,
      Map<String, Integer> given,
      PortChange change) {
    if (given == null) {
      return;
    }
    given.forEach(
        (name, port) -> {
          Protocol protocol;
          try {
            protocol = Protocol.parse(option, name);
          } catch (InvalidRegistrationException e) {
            throw CliException.usage(option + ": " + e.getMessage(), e);
          }
          ProtocolPorts current = ports.get(protocol);
          if (current == null) {
            return; // grpc has no sidecar listeners: the agent does not serve it
          }
          try {
            ports.put(protocol, change.apply(current, port));
          } catch (IllegalArgumentException e) {
            throw CliException.usage(option + ": " + e.getMessage(), e);
          }
        });
  }

  /** This host's first non-loopback IPv4 address that is up, else 127.0.0.1. */
  static String defaultHost() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
            return address.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      // fall through
    }
    return "127.0.0.1";
  }
}

package dev.weft.cli;

import dev.weft.dataplane.config.HostPort;
import dev.weft.registry.agent.AgentSettings;
import dev.weft.registry.agent.ProtocolPorts;
import dev.weft.registry.model.InvalidRegistrationException;
import dev.weft.registry.model.Protocol;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code weft sidecar}'s registry options: with {@code --registry}, the sidecar opens a registry
 * session under its node id and runs the SOFA mesh registry agent for its apps.
 */
final class AgentOptions {
  @Option(
      names = "--registry",
      paramLabel = "<host:port>",
      description =
          "Open a registry session on this Weft registry (weft control-plane serves it on"
              + " 127.0.0.1:9600) under the node id, and run the SOFA mesh registry agent: apps"
              + " publish and subscribe through it, and the control plane turns that into this"
              + " sidecar's listeners and clusters. Needs --xds.")
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
      paramLabel = "<host>",
      description =
          "The address other sidecars reach this one on, published for the app's services"
              + " (default: this host's first non-loopback IPv4 address, else 127.0.0.1).")
  String publishAddress;

  @Option(
      names = "--ingress-port",
      paramLabel = "<protocol=port>",
      description =
          "The ingress port published for a protocol's services (defaults: bolt=12201,"
              + " dubbo=12231, http=12241); repeatable.")
  Map<String, Integer> ingressPorts;

  Optional<HostPort> registry() {
    return Optional.ofNullable(registry).map(text -> Addresses.remote("--registry", text));
  }

  /** Whether an agent-only option was given without --registry. */
  boolean agentOptionsWithoutRegistry() {
    return registry == null && (publishAddress != null || ingressPorts != null);
  }

  /** The agent's settings, with the node's egress and app ports. */
  AgentSettings settings(
      String nodeId, String zone, Map<String, Integer> egressPorts, Map<String, Integer> appPorts) {
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

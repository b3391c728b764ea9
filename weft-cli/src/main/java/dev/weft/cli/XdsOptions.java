package dev.weft.cli;

import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.XdsNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code weft sidecar}'s xDS options: the control plane and the node the sidecar presents to it.
 * They override what a config.json in xDS mode says ({@code node}, {@code dynamic_resources}).
 */
final class XdsOptions {
  @Option(
      names = "--xds",
      paramLabel = "<host:port>[,<host:port>...]",
      description =
          "Take listeners, routes, clusters and endpoints from this control plane over ADS"
              + " (weft control-plane listens on 127.0.0.1:15010); -c then holds only static"
              + " parts. An unreachable control plane is waited for, not an error. Several"
              + " replicas, comma-separated in order of preference: the sidecar stays on the"
              + " first that answers and moves down the list when it dies.")
  String address;

  @Option(
      names = "--node-id",
      paramLabel = "<id>",
      description = "The xDS node id (required under xDS unless the config's node has one).")
  String nodeId;

  @Option(names = "--cluster", paramLabel = "<name>", description = "The xDS node's cluster.")
  String cluster;

  @Option(names = "--zone", paramLabel = "<zone>", description = "The xDS node's locality zone.")
  String zone;

  @Option(names = "--app", paramLabel = "<name>", description = "Node metadata 'app'.")
  String app;

  @Option(
      names = "--egress-port",
      paramLabel = "<protocol=port>",
      description =
          "Node metadata weft.egress_ports: where the app dials the sidecar, per protocol (bolt,"
              + " dubbo, http); repeatable.")
  Map<String, Integer> egressPorts;

  @Option(
      names = "--app-port",
      paramLabel = "<protocol=port>",
      description =
          "Node metadata weft.app_ports: where the local app listens, per protocol; repeatable.")
  Map<String, Integer> appPorts;

  @Option(
      names = "--session",
      description =
          "Node metadata weft.session: the node opens a registry session with its node id, and"
              + " the control plane waits for it (up to 3 s) before the first answer.")
  boolean session;

  /** The control plane's replicas named by {@code --xds}, in order of preference. */
  Optional<List<HostPort>> controlPlanes() {
    return Optional.ofNullable(address).map(text -> Addresses.remoteList("--xds", text));
  }

  /** Whether any node option was given. */
  boolean nodeGiven() {
    return nodeId != null
        || cluster != null
        || zone != null
        || app != null
        || egressPorts != null
        || appPorts != null
        || session;
  }

  /** The node: the config's, if any, with these options on top. */
  XdsNode node(Optional<XdsNode> fromConfig) {
    XdsNode node = fromConfig.orElse(XdsNode.of(""));
    if (nodeId != null) {
      node = node.withId(nodeId);
    }
    if (node.id().isBlank()) {
      throw CliException.usage(
          "under xDS the sidecar needs a node id: give --node-id <id> (or node.id in the config)");
    }
    if (cluster != null) {
      node = node.withCluster(cluster);
    }
    if (zone != null) {
      node = node.withZone(zone);
    }
    if (app != null) {
      node = node.withMetadata(XdsNode.APP, app);
    }
    if (egressPorts != null) {
      node = node.withMetadata(XdsNode.EGRESS_PORTS, ports("--egress-port", egressPorts));
    }
    if (appPorts != null) {
      node = node.withMetadata(XdsNode.APP_PORTS, ports("--app-port", appPorts));
    }
    if (session) {
      node = node.withMetadata(XdsNode.SESSION, true);
    }
    return node;
  }

  private static Map<String, Object> ports(String option, Map<String, Integer> ports) {
    Map<String, Object> checked = new LinkedHashMap<>();
    ports.forEach(
        (protocol, port) -> {
          if (protocol.isBlank() || port == null || port < 1 || port > 65535) {
            throw CliException.usage(
                option
                    + ": expected <protocol>=<port> with a port from 1 to 65535, got '"
                    + protocol
                    + "="
                    + port
                    + "'");
          }
          checked.put(protocol, port);
        });
    return checked;
  }
}

package dev.weft.registry.agent;

import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the mesh agent needs to know about its sidecar, validated once.
 *
 * @param listen where the agent serves HTTP; SOFA RPC's convention is 127.0.0.1:13330
 * @param nodeId the sidecar's xDS node id, also the one its registry session was opened with; the
 *     agent's publications use {@code <nodeId>/<protocol>} as their registId
 * @param publishHost the address other sidecars reach this one on (its pod IP), published with the
 *     ingress port
 * @param zone the sidecar's zone, given to its publications; empty for none
 * @param ports per protocol the agent serves: app, ingress and egress ports
 * @param subscribeWait the longest a subscribe waits for the service's cluster to warm (SOFA RPC
 *     reads for 15 s; MOSN waited 3 s)
 * @param publishWait the longest a publish or unpublish waits for the registry to confirm
 * @param appProbe how the agent notices an app that died without unpublishing
 */
public record AgentSettings(
    InetSocketAddress listen,
    String nodeId,
    String publishHost,
    String zone,
    Map<Protocol, ProtocolPorts> ports,
    Duration subscribeWait,
    Duration publishWait,
    AppProbe appProbe) {
  /** SOFA RPC's {@code MeshConstants.HTTP_PORT}. */
  public static final int DEFAULT_PORT = 13330;

  /**
   * App ports as the control plane's defaults for {@code weft.app_ports} (bolt 12200 is SOFA's Bolt
   * default), egress ports as its defaults for {@code weft.egress_ports} (bolt 12220 is where SOFA
   * RPC dials), and ingress ports one above the egress ports (bolt 12201 as MOSN).
   */
  public static final Map<Protocol, ProtocolPorts> DEFAULT_PORTS =
      Map.of(
          Protocol.BOLT, new ProtocolPorts(12200, 12201, 12220),
          Protocol.DUBBO, new ProtocolPorts(20880, 12231, 12230),
          Protocol.HTTP, new ProtocolPorts(8080, 12241, 12240));

  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(3);

  /** Waits stay well under SOFA RPC's 15 s read timeout. */
  static final Duration MAX_WAIT = Duration.ofSeconds(10);

  public AgentSettings {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(appProbe, "appProbe");
    if (nodeId == null || nodeId.isBlank()) {
      throw new IllegalArgumentException("nodeId: expected the sidecar's node id, got nothing");
    }
    if (publishHost == null
        || publishHost.isBlank()
        || publishHost.chars().anyMatch(c -> c <= ' ' || c == '/')) {
      throw new IllegalArgumentException(
          "publishHost: expected an IP address or host name, got '" + publishHost + "'");
    }
    if (!Endpoint.isIpLiteral(publishHost)) {
      throw new IllegalArgumentException(
          "publishHost: expected the IP address other sidecars reach this one on (endpoints reach"
              + " sidecars over EDS, which carries IP addresses only), got '"
              + publishHost
              + "'");
    }
    if (publishHost.equals("0.0.0.0") || publishHost.equals("::")) {
      throw new IllegalArgumentException(
          "publishHost: expected an address other sidecars can reach, got the wildcard "
              + publishHost);
    }
    ports = checkPorts(ports);
    checkWait("subscribeWait", subscribeWait);
    checkWait("publishWait", publishWait);
  }

  /** Defaults for everything but the node id and the address others reach the sidecar on. */
  public static AgentSettings defaults(String nodeId, String publishHost) {
    return new AgentSettings(
        new InetSocketAddress("127.0.0.1", DEFAULT_PORT),
        nodeId,
        publishHost,
        "",
        DEFAULT_PORTS,
        DEFAULT_WAIT,
        DEFAULT_WAIT,
        AppProbe.DEFAULT);
  }

  public AgentSettings withListen(InetSocketAddress value) {
    return new AgentSettings(
        value, nodeId, publishHost, zone, ports, subscribeWait, publishWait, appProbe);
  }

  public AgentSettings withZone(String value) {
    return new AgentSettings(
        listen, nodeId, publishHost, value, ports, subscribeWait, publishWait, appProbe);
  }

  /** The same settings with {@code protocol}'s ports replaced (or added). */
  public AgentSettings withPorts(Protocol protocol, ProtocolPorts value) {
    Map<Protocol, ProtocolPorts> next = new EnumMap<>(ports);
    next.put(protocol, value);
    return new AgentSettings(
        listen, nodeId, publishHost, zone, next, subscribeWait, publishWait, appProbe);
  }

  public AgentSettings withSubscribeWait(Duration value) {
    return new AgentSettings(
        listen, nodeId, publishHost, zone, ports, value, publishWait, appProbe);
  }

  public AgentSettings withAppProbe(AppProbe value) {
    return new AgentSettings(
        listen, nodeId, publishHost, zone, ports, subscribeWait, publishWait, value);
  }

  /** The protocols the agent serves, in declaration order, for error messages. */
  public String protocolNames() {
    return String.join(", ", ports.keySet().stream().map(Protocol::id).toList());
  }

  private static Map<Protocol, ProtocolPorts> checkPorts(Map<Protocol, ProtocolPorts> ports) {
    if (ports == null || ports.isEmpty()) {
      throw new IllegalArgumentException("ports: expected at least one protocol, got none");
    }
    Map<Integer, String> owners = new HashMap<>();
    List<String> problems = new ArrayList<>();
    Map<Protocol, ProtocolPorts> sorted = new EnumMap<>(ports);
    sorted.forEach(
        (protocol, p) -> {
          if (protocol == Protocol.GRPC) {
            problems.add("ports: expected bolt, dubbo or http, got grpc (gRPC is proxyless)");
          }
          for (var port :
              List.of(Map.entry("ingress", p.ingress()), Map.entry("egress", p.egress()))) {
            String name = "ports." + protocol.id() + "." + port.getKey();
            String other = owners.putIfAbsent(port.getValue(), name);
            if (other != null) {
              problems.add(name + ": expected a port of its own, got " + other + "'s");
            }
          }
        });
    sorted.forEach(
        (protocol, p) -> {
          String other = owners.get(p.app());
          if (other != null) {
            problems.add(
                "ports."
                    + protocol.id()
                    + ".app: expected a port other than "
                    + other
                    + ", got "
                    + p.app());
          }
        });
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.get(0));
    }
    return Collections.unmodifiableMap(sorted);
  }

  private static void checkWait(String field, Duration wait) {
    if (wait == null || wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException(
          field + ": expected a duration from 0 to " + MAX_WAIT.toSeconds() + " s, got " + wait);
    }
  }
}

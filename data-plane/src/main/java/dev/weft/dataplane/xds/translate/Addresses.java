package dev.weft.dataplane.xds.translate;

import dev.weft.dataplane.config.HostPort;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code core.v3.Address}: Weft takes TCP socket addresses whose host is an IP address (as Envoy
 * does for listeners, STATIC and EDS clusters), so translating never resolves a name.
 */
final class Addresses {
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Set<String> ADDRESS = Set.of("socket_address");
  private static final Map<String, String> ADDRESS_REASONS =
      Map.of(
          "pipe", "Unix domain sockets",
          "envoy_internal_address", "Envoy's internal listeners");
  private static final Set<String> SOCKET = Set.of("address", "port_value", "ipv4_compat");
  private static final Map<String, String> SOCKET_REASONS =
      Map.of(
          "protocol", "UDP (Weft proxies TCP only)",
          "named_port", "named ports",
          "resolver_name", "custom resolvers");

  private Addresses() {}

  /**
   * The {@code host:port} of {@code address}, or null after a problem; the port must be at least
   * {@code minPort} (0 lets a listener take any free port).
   */
  static HostPort socket(Address address, String path, Problems problems, int minPort) {
    if (!address.hasSocketAddress()) {
      Fields.only(address, path, problems, ADDRESS, ADDRESS_REASONS);
      if (problems.isEmpty()) {
        problems.add(Problems.at(path, "socket_address"), "is required");
      }
      return null;
    }
    String at = Problems.at(path, "socket_address");
    SocketAddress socket = address.getSocketAddress();
    int before = problems.size();
    Fields.only(socket, at, problems, SOCKET, SOCKET_REASONS);
    String host = socket.getAddress();
    if (!isIpAddress(host)) {
      problems.add(
          Problems.at(at, "address"),
          "expected an IP address, got \""
              + host
              + "\" (Weft resolves no names here; use EDS or STATIC with IP addresses)");
    }
    int port = socket.getPortValue();
    if (port < minPort || port > 65535) {
      problems.add(
          Problems.at(at, "port_value"),
          "expected a port from " + minPort + " to 65535, got " + port);
    }
    return problems.size() == before ? new HostPort(host, port) : null;
  }

  /** An IPv4 or IPv6 literal, checked without any lookup. */
  static boolean isIpAddress(String host) {
    if (IPV4.matcher(host).matches()) {
      return true;
    }
    if (!host.contains(":") || host.startsWith("[")) {
      return false;
    }
    try {
      // With a colon, InetAddress parses an IPv6 literal and never asks DNS.
      InetAddress.getByName("[" + host + "]");
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Whether {@code socket} is plaintext ({@code raw_buffer}), the only transport Weft has. */
  static boolean plaintext(TransportSocket socket) {
    return socket.hasTypedConfig()
        ? socket
            .getTypedConfig()
            .getTypeUrl()
            .endsWith("/" + RawBuffer.getDescriptor().getFullName())
        : socket.getName().equals("envoy.transport_sockets.raw_buffer");
  }
}

package dev.weft.dataplane.config;

import java.util.List;
import java.util.Map;

/**
 * The {@code proxy} network filter: which protocols to accept downstream (in detection order, or
 * {@code Auto}), which to speak upstream ({@code Auto}/empty = the downstream one), and the route
 * table to use.
 *
 * @param protocolOptions per protocol name, for example {@code Http1 -> {max_header_size: 16384}}
 */
public record ProxyConfig(
    List<String> downstreamProtocols,
    String upstreamProtocol,
    String routerConfigName,
    Map<String, Map<String, String>> protocolOptions) {

  public static final String AUTO = "Auto";

  public ProxyConfig {
    downstreamProtocols = List.copyOf(downstreamProtocols);
    protocolOptions = Map.copyOf(protocolOptions);
  }
}

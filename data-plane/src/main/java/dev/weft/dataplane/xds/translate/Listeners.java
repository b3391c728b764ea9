package dev.weft.dataplane.xds.translate;

import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.ListenerConfig.ListenerType;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.mosn.MosnVocabulary;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code Listener} as Weft's listener: its socket address (bound, {@code bind_port: true}), its
 * type from {@code traffic_direction}, and the one network filter of its one filter chain.
 */
final class Listeners {
  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "address",
          "stat_prefix",
          "filter_chains",
          "default_filter_chain",
          "metadata",
          "traffic_direction",
          "bind_to_port",
          "per_connection_buffer_limit_bytes",
          "listener_filters_timeout",
          "continue_on_listener_filters_timeout",
          "drain_type",
          "enable_reuse_port");
  private static final Map<String, String> REASONS =
      Map.ofEntries(
          Map.entry("additional_addresses", "more than one address per listener"),
          Map.entry("filter_chain_matcher", "filter chain matching"),
          Map.entry("use_original_dst", "original-destination listeners (tproxy/redirect)"),
          Map.entry("listener_filters", "listener filters"),
          Map.entry("transparent", "transparent listeners"),
          Map.entry("freebind", "freebind"),
          Map.entry("socket_options", "socket options"),
          Map.entry("tcp_fast_open_queue_length", "TCP Fast Open"),
          Map.entry("udp_listener_config", "UDP listeners"),
          Map.entry("api_listener", "API listeners (they are for proxyless gRPC clients)"),
          Map.entry("connection_balance_config", "connection balancing"),
          Map.entry("access_log", "access logs from xDS"),
          Map.entry("tcp_backlog_size", "backlog sizes"),
          Map.entry("max_connections_to_accept_per_socket_event", "accept batching"),
          Map.entry("enable_mptcp", "MPTCP"),
          Map.entry("internal_listener", "internal listeners"));
  private static final Set<String> CHAIN =
      Set.of("filters", "name", "metadata", "transport_socket");
  private static final Map<String, String> CHAIN_REASONS =
      Map.of(
          "filter_chain_match", "filter chain matching (Weft runs one chain per listener)",
          "use_proxy_proto", "the PROXY protocol",
          "transport_socket_connect_timeout", "transport socket timeouts");

  /**
   * A translated listener.
   *
   * @param rds the route configuration it waits for, if any
   * @param inline the route table of its inline route config, if any
   */
  record Translated(ListenerConfig config, Optional<String> rds, Optional<RouterConfig> inline) {}

  private final NetworkFilters filters;

  Listeners(MosnVocabulary vocabulary) {
    this.filters = new NetworkFilters(vocabulary);
  }

  /** The listener, or null after a problem. */
  Translated translate(Listener listener, Problems problems) {
    int before = problems.size();
    Fields.only(listener, "", problems, FIELDS, REASONS);
    String name = listener.getName();
    if (name.isEmpty()) {
      problems.add("name", "must not be empty");
    }
    if (listener.hasBindToPort() && !listener.getBindToPort().getValue()) {
      problems.unsupported(
          "bind_to_port",
          "listeners that do not bind (they get connections from an original-destination"
              + " listener, which Weft lacks)");
    }
    HostPort address = null;
    if (!listener.hasAddress()) {
      problems.add("address", "is required (API listeners are for proxyless gRPC clients)");
    } else {
      address = Addresses.socket(listener.getAddress(), "address", problems, 0);
    }
    ListenerType type =
        switch (listener.getTrafficDirection()) {
          case INBOUND -> ListenerType.INGRESS;
          case OUTBOUND -> ListenerType.EGRESS;
          default -> ListenerType.UNSPECIFIED;
        };
    FilterChain chain = null;
    String chainPath = "filter_chains[0]";
    int chains = listener.getFilterChainsCount() + (listener.hasDefaultFilterChain() ? 1 : 0);
    if (chains != 1) {
      problems.add(
          "filter_chains",
          chains == 0
              ? "expected one filter chain holding a network filter"
              : "not supported by Weft: "
                  + chains
                  + " filter chains"
                  + (listener.hasDefaultFilterChain() ? " (with default_filter_chain)" : "")
                  + "; Weft runs one chain per listener");
    } else if (listener.hasDefaultFilterChain()) {
      chain = listener.getDefaultFilterChain();
      chainPath = "default_filter_chain";
    } else {
      chain = listener.getFilterChains(0);
    }
    NetworkFilters.Translated filter =
        chain == null ? null : chain(chain, name, chainPath, problems);
    if (problems.size() != before || filter == null || address == null) {
      return null;
    }
    ListenerConfig config =
        new ListenerConfig(
            name,
            type,
            address,
            true,
            filter.idleTimeout(),
            List.of(filter.filter()),
            List.of(),
            List.of());
    return new Translated(config, filter.rds(), filter.inline());
  }

  private NetworkFilters.Translated chain(
      FilterChain chain, String listener, String path, Problems problems) {
    Fields.only(chain, path, problems, CHAIN, CHAIN_REASONS);
    if (chain.hasTransportSocket()) {
      var socket = chain.getTransportSocket();
      if (!Addresses.plaintext(socket)) {
        problems.unsupported(
            Problems.at(path, "transport_socket"),
            "transport socket '"
                + socket.getName()
                + "' (TLS); Weft serves plaintext only (raw_buffer)");
      }
    }
    if (chain.getFiltersCount() != 1) {
      problems.add(
          Problems.at(path, "filters"),
          chain.getFiltersCount() == 0
              ? "expected one network filter, such as an HTTP connection manager"
              : "not supported by Weft: "
                  + chain.getFiltersCount()
                  + " network filters; Weft runs one terminal filter per chain");
      return null;
    }
    return filters.translate(
        chain.getFilters(0), listener, Problems.at(path, "filters", 0), problems);
  }
}

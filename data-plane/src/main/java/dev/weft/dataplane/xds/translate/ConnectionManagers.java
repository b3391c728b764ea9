package dev.weft.dataplane.xds.translate;

import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.mosn.MosnVocabulary;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code envoy.filters.network.http_connection_manager} as Weft's {@code proxy} filter: HTTP/1.1
 * and HTTP/2 downstream as {@code codec_type} says, HTTP/1.1 upstream (Envoy's default for a
 * cluster), routes from RDS or inline. The HTTP filters must end with the router; Weft runs no
 * other HTTP filter, so any other must be {@code disabled} or {@code is_optional}.
 */
final class ConnectionManagers {
  static final String HTTP1 = "Http1";
  static final String HTTP2 = "Http2";
  static final String ROUTER = "envoy.filters.http.router";

  /** Envoy's idle timeout for downstream HTTP connections when none is set; 0 turns it off. */
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(1);

  private static final Set<String> FIELDS =
      Set.of(
          "stat_prefix",
          "codec_type",
          "rds",
          "route_config",
          "http_filters",
          "common_http_protocol_options",
          "http_protocol_options",
          "http2_protocol_options",
          "max_request_headers_kb",
          "generate_request_id",
          "use_remote_address",
          "normalize_path",
          "merge_slashes");
  private static final Map<String, String> REASONS =
      Map.ofEntries(
          Map.entry("scoped_routes", "scoped routes (SRDS)"),
          Map.entry("tracing", "tracing"),
          Map.entry("access_log", "access logs from xDS"),
          Map.entry("xff_num_trusted_hops", "trusting X-Forwarded-For hops (Weft leaves it alone)"),
          Map.entry("skip_xff_append", "X-Forwarded-For handling (Weft leaves it alone)"),
          Map.entry("via", "Via headers"),
          Map.entry("server_name", "Server header rewriting"),
          Map.entry("server_header_transformation", "Server header rewriting"),
          Map.entry("add_user_agent", "user agent headers"),
          Map.entry("stream_idle_timeout", "stream idle timeouts"),
          Map.entry("request_timeout", "request timeouts at the connection manager"),
          Map.entry("request_headers_timeout", "request header timeouts"),
          Map.entry("drain_timeout", "drain timeouts"),
          Map.entry("delayed_close_timeout", "delayed close"),
          Map.entry("upgrade_configs", "upgrades (WebSocket, CONNECT)"),
          Map.entry("forward_client_cert_details", "client certificates (TLS)"),
          Map.entry("set_current_client_cert_details", "client certificates (TLS)"),
          Map.entry("local_reply_config", "custom local replies"),
          Map.entry("http3_protocol_options", "HTTP/3"),
          Map.entry("internal_address_config", "internal address lists"),
          Map.entry("path_with_escaped_slashes_action", "escaped slash handling"),
          Map.entry("request_id_extension", "request ids"));
  private static final Set<String> FILTER =
      Set.of("name", "typed_config", "is_optional", "disabled");

  private final MosnVocabulary vocabulary;

  ConnectionManagers(MosnVocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  /** The proxy filter's config and the connections' idle timeout (empty: none). */
  record Translated(ProxyConfig proxy, Optional<Duration> idleTimeout) {}

  /** The proxy filter's config (routes aside, named {@code routerName}); null after a problem. */
  Translated translate(
      HttpConnectionManager hcm, String routerName, String path, Problems problems) {
    int before = problems.size();
    Fields.only(hcm, path, problems, FIELDS, REASONS);
    List<String> downstream =
        switch (hcm.getCodecType()) {
          case AUTO -> List.of(HTTP2, HTTP1);
          case HTTP1 -> List.of(HTTP1);
          case HTTP2 -> List.of(HTTP2);
          default -> {
            problems.unsupported(
                Problems.at(path, "codec_type"),
                hcm.getCodecType() + "; Weft accepts AUTO, HTTP1 and HTTP2");
            yield List.of();
          }
        };
    for (String protocol : downstream) {
      if (vocabulary.protocols().find(protocol).isEmpty()) {
        problems.add(Problems.at(path, "codec_type"), "this sidecar has no protocol " + protocol);
      }
    }
    off(
        hcm.hasGenerateRequestId() && hcm.getGenerateRequestId().getValue(),
        path,
        "generate_request_id",
        "generating x-request-id",
        problems);
    off(
        hcm.hasUseRemoteAddress() && hcm.getUseRemoteAddress().getValue(),
        path,
        "use_remote_address",
        "X-Forwarded-For handling",
        problems);
    off(
        hcm.hasNormalizePath() && hcm.getNormalizePath().getValue(),
        path,
        "normalize_path",
        "path normalization",
        problems);
    off(hcm.getMergeSlashes(), path, "merge_slashes", "merging slashes", problems);
    filters(hcm.getHttpFiltersList(), Problems.at(path, "http_filters"), problems);
    Map<String, Map<String, String>> options = options(hcm, path, problems);
    Duration idle = DEFAULT_IDLE_TIMEOUT;
    if (hcm.hasCommonHttpProtocolOptions()) {
      var common = hcm.getCommonHttpProtocolOptions();
      Fields.only(
          common,
          Problems.at(path, "common_http_protocol_options"),
          problems,
          Set.of("idle_timeout"));
      if (common.hasIdleTimeout()) {
        idle = Fields.duration(common.getIdleTimeout());
      }
    }
    if (problems.size() != before) {
      return null;
    }
    return new Translated(
        new ProxyConfig(downstream, HTTP1, routerName, options),
        idle.isZero() ? Optional.empty() : Optional.of(idle));
  }

  private static void off(boolean on, String path, String field, String what, Problems problems) {
    if (on) {
      problems.unsupported(Problems.at(path, field), what + "; set it false or leave it out");
    }
  }

  private static void filters(List<HttpFilter> filters, String path, Problems problems) {
    boolean router = false;
    for (int i = 0; i < filters.size(); i++) {
      HttpFilter filter = filters.get(i);
      String at = path + "[" + i + "]";
      Fields.only(
          filter, at, problems, FILTER, Map.of("config_discovery", "filter discovery (ECDS)"));
      Typed typed =
          filter.hasTypedConfig()
              ? Typed.of(filter.getTypedConfig(), at + ".typed_config", problems)
              : null;
      boolean isRouter =
          typed != null ? typed.is(Router.getDefaultInstance()) : filter.getName().equals(ROUTER);
      if (router) {
        problems.add(at, "comes after the router; the router must be the last HTTP filter");
      }
      if (isRouter) {
        router = true;
        if (filter.getDisabled()) {
          problems.add(Problems.at(at, "disabled"), "the router cannot be disabled");
        }
        if (typed != null) {
          Router config = typed.unpack(Router.getDefaultInstance(), at + ".typed_config", problems);
          if (config != null) {
            Fields.only(
                config,
                at + ".typed_config",
                problems,
                Set.of("dynamic_stats", "suppress_envoy_headers"));
          }
        }
      } else if (!filter.getDisabled() && !filter.getIsOptional()) {
        problems.unsupported(
            at,
            "HTTP filter '"
                + filter.getName()
                + "'"
                + (typed == null ? "" : " (" + typed.typeName() + ")")
                + "; Weft runs only "
                + ROUTER
                + " (other filters must be disabled or is_optional)");
      }
    }
    if (!router) {
      problems.add(path, "must end with " + ROUTER);
    }
  }

  /** HTTP/1 and HTTP/2 limits as the proxy filter's per-protocol options. */
  private static Map<String, Map<String, String>> options(
      HttpConnectionManager hcm, String path, Problems problems) {
    Map<String, String> http1 = new LinkedHashMap<>();
    Map<String, String> http2 = new LinkedHashMap<>();
    if (hcm.hasMaxRequestHeadersKb()) {
      String bytes = Long.toString(hcm.getMaxRequestHeadersKb().getValue() * 1024L);
      http1.put("max_header_size", bytes);
      http2.put("max_header_size", bytes);
    }
    Fields.only(
        hcm.getHttpProtocolOptions(),
        Problems.at(path, "http_protocol_options"),
        problems,
        Set.of());
    var h2 = hcm.getHttp2ProtocolOptions();
    Fields.only(
        h2,
        Problems.at(path, "http2_protocol_options"),
        problems,
        Set.of("max_concurrent_streams", "initial_stream_window_size"));
    if (h2.hasMaxConcurrentStreams()) {
      http2.put(
          "max_concurrent_streams",
          Integer.toUnsignedString(h2.getMaxConcurrentStreams().getValue()));
    }
    if (h2.hasInitialStreamWindowSize()) {
      http2.put(
          "initial_window_size",
          Integer.toUnsignedString(h2.getInitialStreamWindowSize().getValue()));
    }
    Map<String, Map<String, String>> options = new LinkedHashMap<>();
    if (!http1.isEmpty()) {
      options.put(HTTP1, http1);
    }
    if (!http2.isEmpty()) {
      options.put(HTTP2, http2);
    }
    return options;
  }
}

package dev.weft.dataplane.xds.translate;

import static dev.weft.dataplane.xds.translate.ControlPlaneResources.boltProxy;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.dubboRoute;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressBoltRouter;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressHttpRouter;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.filter;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.hcm;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.listener;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.UInt32Value;
import dev.weft.api.xds.v1.RpcProxy;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.RouteMatch.HeaderMatcher;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.config.TcpProxyConfig;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.DubboProxy;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.MultipleRouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.CodecType;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each network filter Weft accepts, and the options it reads. */
class NetworkFilterTranslationTest extends TranslationTestBase {

  private static Listener with(Message config) {
    return listener("l", "127.0.0.1", 9000, TrafficDirection.OUTBOUND, filter("f", config));
  }

  private static ListenerConfig translated(Message config, Message... more) {
    Listener listener = with(config);
    assertThat(check(listener)).isEmpty();
    Message[] all = new Message[more.length + 1];
    all[0] = listener;
    System.arraycopy(more, 0, all, 1, more.length);
    var result = translate(all);
    assertThat(result.problems()).isEmpty();
    return result.config().listeners().get(0);
  }

  @Test
  void tcpProxyKeepsItsClusterAndTakesEnvoysIdleDefault() {
    TcpProxy tcp = TcpProxy.newBuilder().setStatPrefix("db").setCluster("mysql").build();

    assertThat(translated(tcp).networkFilters().get(0).config())
        .isEqualTo(
            new TcpProxyConfig(
                "db", "mysql", Optional.of(java.time.Duration.ofHours(1)), 1, List.of()));
    TcpProxy tuned =
        tcp.toBuilder()
            .setIdleTimeout(Duration.getDefaultInstance())
            .setMaxConnectAttempts(UInt32Value.of(3))
            .build();
    assertThat(translated(tuned).networkFilters().get(0).config())
        .isEqualTo(new TcpProxyConfig("db", "mysql", Optional.empty(), 3, List.of()));
  }

  @Test
  void codecTypesChooseTheDownstreamProtocols() {
    for (var codec :
        Map.of(
                CodecType.HTTP1,
                List.of("Http1"),
                CodecType.HTTP2,
                List.of("Http2"),
                CodecType.AUTO,
                List.of("Http2", "Http1"))
            .entrySet()) {
      HttpConnectionManager hcm =
          hcm("h", "egress_http_router").toBuilder().setCodecType(codec.getKey()).build();
      ProxyConfig proxy =
          (ProxyConfig) translated(hcm, egressHttpRouter(80)).networkFilters().get(0).config();
      assertThat(proxy.downstreamProtocols()).isEqualTo(codec.getValue());
      assertThat(proxy.upstreamProtocol()).isEqualTo("Http1");
    }
  }

  @Test
  void connectionManagerLimitsBecomeProtocolOptionsAndItsIdleTimeoutTheListeners() {
    HttpConnectionManager hcm =
        hcm("h", "egress_http_router").toBuilder()
            .setMaxRequestHeadersKb(UInt32Value.of(32))
            .setHttp2ProtocolOptions(
                Http2ProtocolOptions.newBuilder()
                    .setMaxConcurrentStreams(UInt32Value.of(50))
                    .setInitialStreamWindowSize(UInt32Value.of(1 << 20)))
            .setCommonHttpProtocolOptions(
                HttpProtocolOptions.newBuilder()
                    .setIdleTimeout(Duration.newBuilder().setSeconds(30)))
            .build();

    ListenerConfig listener = translated(hcm, egressHttpRouter(80));

    assertThat(listener.idleTimeout()).contains(java.time.Duration.ofSeconds(30));
    assertThat(((ProxyConfig) listener.networkFilters().get(0).config()).protocolOptions())
        .isEqualTo(
            Map.of(
                "Http1", Map.of("max_header_size", "32768"),
                "Http2",
                    Map.of(
                        "max_header_size",
                        "32768",
                        "max_concurrent_streams",
                        "50",
                        "initial_window_size",
                        "1048576")));
  }

  @Test
  void disabledAndOptionalHttpFiltersAreSkippedAndTheRouterMustBeLast() {
    HttpFilter cors =
        HttpFilter.newBuilder()
            .setName("envoy.filters.http.cors")
            .setTypedConfig(Any.pack(Cors.getDefaultInstance()))
            .build();
    HttpConnectionManager hcm = hcm("h", "egress_http_router");
    HttpConnectionManager skipped =
        hcm.toBuilder()
            .addHttpFilters(0, cors.toBuilder().setIsOptional(true))
            .addHttpFilters(1, cors.toBuilder().setDisabled(true))
            .build();
    HttpConnectionManager routerFirst =
        hcm.toBuilder().addHttpFilters(cors.toBuilder().setIsOptional(true)).build();

    assertThat(check(with(skipped))).isEmpty();
    assertThat(check(with(routerFirst)))
        .containsExactly(
            "listener 'l': filter_chains[0].filters[0].typed_config.http_filters[1]: comes after the router; the router must be the last HTTP filter");
    assertThat(check(with(hcm.toBuilder().clearHttpFilters().build())))
        .containsExactly(
            "listener 'l': filter_chains[0].filters[0].typed_config.http_filters: must end with envoy.filters.http.router");
  }

  @Test
  void anRpcProxyNamesRegisteredProtocolsOnly() {
    RpcProxy boltv2 =
        boltProxy("p", "egress_bolt_router").toBuilder()
            .setProtocol("BOLTV2")
            .setUpstreamProtocol("")
            .build();

    assertThat(translated(boltv2, egressBoltRouter()).networkFilters().get(0).config())
        .isEqualTo(new ProxyConfig(List.of("boltv2"), "boltv2", "egress_bolt_router", Map.of()));
    assertThat(check(with(boltv2.toBuilder().setProtocol("thrift").build())))
        .singleElement()
        .asString()
        .startsWith(
            "listener 'l': filter_chains[0].filters[0].typed_config.protocol: unknown protocol 'thrift'; expected one of ");
  }

  @Test
  void dubboTablesMatchInterfaceGroupAndVersionAndWildcardInterfaces() {
    DubboProxy dubbo =
        DubboProxy.newBuilder()
            .setMultipleRouteConfig(
                MultipleRouteConfiguration.newBuilder()
                    .setName("routes")
                    .addRouteConfig(
                        dubboRoute("com.acme.Greeter", "greeter").toBuilder()
                            .setGroup("blue")
                            .setVersion("1.0"))
                    .addRouteConfig(dubboRoute("com.acme.*", "acme"))
                    .addRouteConfig(dubboRoute("*", "any")))
            .build();

    SidecarConfig config = translate(with(dubbo)).config();

    var routes = config.router("l/routes").orElseThrow().virtualHosts().get(0).routes();
    assertThat(routes.get(0).match().headers())
        .containsExactly(
            new HeaderMatcher("service", "com.acme.Greeter", false, false),
            new HeaderMatcher("group", "blue", false, false),
            new HeaderMatcher("version", "1.0", false, false),
            new HeaderMatcher("method", ".*", true, false));
    assertThat(routes.get(1).match().headers().get(0))
        .isEqualTo(new HeaderMatcher("service", "\\Qcom.acme.\\E.*", true, false));
    assertThat(routes.get(2).match().headers())
        .containsExactly(new HeaderMatcher("method", ".*", true, false));
  }

  @Test
  void aTypedConfigThatCannotBeReadIsAProblem() {
    Listener listener =
        with(TcpProxy.getDefaultInstance()).toBuilder()
            .setFilterChains(
                0,
                with(TcpProxy.getDefaultInstance()).getFilterChains(0).toBuilder()
                    .setFilters(
                        0,
                        io.envoyproxy.envoy.config.listener.v3.Filter.newBuilder()
                            .setName("f")
                            .setTypedConfig(
                                Any.newBuilder()
                                    .setTypeUrl(
                                        "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy")
                                    .setValue(
                                        com.google.protobuf.ByteString.copyFromUtf8(
                                            "\u00ff\u00ff")))))
            .build();

    assertThat(check(listener))
        .singleElement()
        .asString()
        .startsWith(
            "listener 'l': filter_chains[0].filters[0].typed_config: cannot read it as envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy");
  }
}

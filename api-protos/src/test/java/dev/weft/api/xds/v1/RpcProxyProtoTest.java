package dev.weft.api.xds.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.xds.type.v3.TypedStruct;
import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import org.junit.jupiter.api.Test;

/**
 * {@code weft.xds.v1.RpcProxy} travels inside Envoy's Listener: packed in an Any, or as the JSON of
 * an {@code xds.type.v3.TypedStruct} (what a control plane without Weft's classes can write).
 */
class RpcProxyProtoTest {
  static final String TYPE_URL = "type.googleapis.com/weft.xds.v1.RpcProxy";

  private static final RpcProxy WITH_RDS =
      RpcProxy.newBuilder()
          .setStatPrefix("egress_bolt")
          .setProtocol("bolt")
          .setUpstreamProtocol("bolt")
          .setRds(
              Rds.newBuilder()
                  .setConfigSource(
                      ConfigSource.newBuilder()
                          .setAds(AggregatedConfigSource.getDefaultInstance())
                          .setResourceApiVersion(ApiVersion.V3))
                  .setRouteConfigName("egress_bolt_router"))
          .build();

  private static final RpcProxy WITH_ROUTES =
      RpcProxy.newBuilder()
          .setStatPrefix("egress_bolt")
          .setProtocol("boltv2")
          .setRouteConfig(
              RouteConfiguration.newBuilder()
                  .setName("egress_bolt_router")
                  .addVirtualHosts(
                      VirtualHost.newBuilder()
                          .setName("egress_bolt")
                          .addDomains("*")
                          .addRoutes(
                              Route.newBuilder()
                                  .setMatch(
                                      RouteMatch.newBuilder()
                                          .setPrefix("")
                                          .addHeaders(
                                              HeaderMatcher.newBuilder()
                                                  .setName("service")
                                                  .setStringMatch(
                                                      StringMatcher.newBuilder()
                                                          .setExact(
                                                              "com.example.HelloService:1.0"))))
                                  .setRoute(
                                      RouteAction.newBuilder()
                                          .setCluster("com.example.HelloService:1.0")))))
          .build();

  @Test
  void itsTypeUrlNamesTheWeftPackage() {
    assertThat(RpcProxy.getDescriptor().getFullName()).isEqualTo("weft.xds.v1.RpcProxy");
    assertThat(Any.pack(WITH_RDS).getTypeUrl()).isEqualTo(TYPE_URL);
  }

  @Test
  void envoyMessagesComeFromTheApiJarNotFromThisModule() {
    var ours = RpcProxy.class.getProtectionDomain().getCodeSource().getLocation();
    var envoys = RouteConfiguration.class.getProtectionDomain().getCodeSource().getLocation();

    assertThat(envoys).isNotEqualTo(ours);
    assertThat(envoys.getPath()).contains("api-");
  }

  @Test
  void aFilterWithItAsTypedConfigRoundTripsThroughBytes() throws Exception {
    Filter filter =
        Filter.newBuilder().setName("weft.rpc_proxy").setTypedConfig(Any.pack(WITH_RDS)).build();

    Filter parsed = Filter.parseFrom(filter.toByteArray());

    assertThat(parsed.getTypedConfig().is(RpcProxy.class)).isTrue();
    assertThat(parsed.getTypedConfig().unpack(RpcProxy.class)).isEqualTo(WITH_RDS);
    assertThat(parsed.getTypedConfig().unpack(RpcProxy.class).getRouteSpecifierCase())
        .isEqualTo(RpcProxy.RouteSpecifierCase.RDS);
  }

  @Test
  void anInlineRouteTableRoundTripsAsAny() throws Exception {
    RpcProxy parsed = Any.parseFrom(Any.pack(WITH_ROUTES).toByteArray()).unpack(RpcProxy.class);

    assertThat(parsed).isEqualTo(WITH_ROUTES);
    assertThat(parsed.getUpstreamProtocol()).as("empty: same as protocol").isEmpty();
  }

  @Test
  void theJsonOfTheAnyNamesItsType() throws Exception {
    JsonFormat.TypeRegistry types =
        JsonFormat.TypeRegistry.newBuilder().add(RpcProxy.getDescriptor()).build();
    Filter filter =
        Filter.newBuilder().setName("weft.rpc_proxy").setTypedConfig(Any.pack(WITH_RDS)).build();

    String json = JsonFormat.printer().usingTypeRegistry(types).print(filter);
    Filter.Builder parsed = Filter.newBuilder();
    JsonFormat.parser().usingTypeRegistry(types).merge(json, parsed);

    assertThat(json).contains("\"@type\": \"" + TYPE_URL + "\"", "\"statPrefix\": \"egress_bolt\"");
    assertThat(parsed.build()).isEqualTo(filter);
  }

  @Test
  void aTypedStructOfItsJsonConvertsToTheMessage() throws Exception {
    for (RpcProxy proxy : new RpcProxy[] {WITH_RDS, WITH_ROUTES}) {
      TypedStruct typed = typedStruct(proxy);
      assertThat(typed.getTypeUrl()).isEqualTo(TYPE_URL);

      // What a data plane does with a TypedStruct whose type URL it knows.
      TypedStruct received = TypedStruct.parseFrom(typed.toByteArray());
      RpcProxy converted = fromTypedStruct(received);

      assertThat(converted).isEqualTo(proxy);
    }
  }

  @Test
  void aTypedStructWrittenByHandConvertsToo() throws Exception {
    Struct.Builder value = Struct.newBuilder();
    JsonFormat.parser()
        .merge(
            """
            {"stat_prefix": "ingress_bolt_12200", "protocol": "bolt",
             "rds": {"config_source": {"ads": {}, "resource_api_version": "V3"},
                     "route_config_name": "ingress_bolt_router"}}
            """,
            value);
    TypedStruct typed = TypedStruct.newBuilder().setTypeUrl(TYPE_URL).setValue(value).build();

    RpcProxy converted = fromTypedStruct(Any.pack(typed).unpack(TypedStruct.class));

    assertThat(converted.getStatPrefix()).isEqualTo("ingress_bolt_12200");
    assertThat(converted.getProtocol()).isEqualTo("bolt");
    assertThat(converted.getRds().getRouteConfigName()).isEqualTo("ingress_bolt_router");
    assertThat(converted.getRds().getConfigSource().hasAds()).isTrue();
    assertThat(converted.getRds().getConfigSource().getResourceApiVersion())
        .isEqualTo(ApiVersion.V3);
  }

  private static TypedStruct typedStruct(RpcProxy proxy) throws Exception {
    Struct.Builder value = Struct.newBuilder();
    JsonFormat.parser().merge(JsonFormat.printer().print(proxy), value);
    return TypedStruct.newBuilder().setTypeUrl(TYPE_URL).setValue(value).build();
  }

  private static RpcProxy fromTypedStruct(TypedStruct typed) throws Exception {
    String type = typed.getTypeUrl().substring(typed.getTypeUrl().lastIndexOf('/') + 1);
    assertThat(type).isEqualTo(RpcProxy.getDescriptor().getFullName());
    RpcProxy.Builder proxy = RpcProxy.newBuilder();
    JsonFormat.parser().merge(JsonFormat.printer().print(typed.getValue()), proxy);
    return proxy.build();
  }
}

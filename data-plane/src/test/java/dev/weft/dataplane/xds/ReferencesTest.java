package dev.weft.dataplane.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.api.xds.v1.RpcProxy;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which RDS and EDS names accepted listeners and clusters make the sidecar ask for. */
class ReferencesTest {
  private static Listener listener(String name, Any config) {
    return Listener.newBuilder()
        .setName(name)
        .setDefaultFilterChain(
            FilterChain.newBuilder().addFilters(Filter.newBuilder().setTypedConfig(config)))
        .build();
  }

  @Test
  void routeNamesComeFromConnectionManagersAndRpcProxiesAlsoAsTypedStructs() {
    Any rpcProxy =
        Any.pack(
            RpcProxy.newBuilder()
                .setProtocol("bolt")
                .setRds(Rds.newBuilder().setRouteConfigName("egress_bolt_router"))
                .build());
    Any typedStruct =
        Any.pack(
            com.github.xds.type.v3.TypedStruct.newBuilder()
                .setTypeUrl(References.RPC_PROXY)
                .setValue(
                    Struct.newBuilder()
                        .putFields(
                            "rds",
                            Value.newBuilder()
                                .setStructValue(
                                    Struct.newBuilder()
                                        .putFields(
                                            "route_config_name",
                                            Value.newBuilder()
                                                .setStringValue("ingress_bolt_router")
                                                .build()))
                                .build()))
                .build());

    assertThat(
            References.routeNames(
                List.of(
                    Resources.httpListener("egress_http", 12240, "egress_http_router"),
                    listener("egress_bolt", rpcProxy),
                    listener("ingress_bolt_12200", typedStruct),
                    Resources.redisListener("raw", 1))))
        .containsExactly("egress_bolt_router", "egress_http_router", "ingress_bolt_router");
  }

  @Test
  void endpointNamesAreTheServiceNamesOfEdsClusters() {
    Cluster named = Resources.edsCluster("greeter", "greeter-svc");
    Cluster unnamed =
        Resources.edsCluster("echo").toBuilder()
            .setEdsClusterConfig(Cluster.EdsClusterConfig.getDefaultInstance())
            .build();
    Cluster stat = Cluster.newBuilder().setName("ingress_http_app").build();

    assertThat(References.endpointNames(List.of(named, unnamed, stat)))
        .containsExactly("echo", "greeter-svc");
  }
}

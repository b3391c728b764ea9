package dev.weft.registry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.ServiceId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {
  private static final AgentSettings DEFAULTS = AgentSettings.defaults("node-1", "10.0.0.5");

  @Test
  void defaultsFollowSofaMosnAndTheControlPlane() {
    assertThat(DEFAULTS.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 13330));
    assertThat(DEFAULTS.ports())
        .containsExactly(
            Map.entry(Protocol.BOLT, new ProtocolPorts(12200, 12201, 12220)),
            Map.entry(Protocol.DUBBO, new ProtocolPorts(20880, 12231, 12230)),
            Map.entry(Protocol.HTTP, new ProtocolPorts(8080, 12241, 12240)));
    assertThat(DEFAULTS.subscribeWait()).isEqualTo(Duration.ofSeconds(3));
    assertThat(DEFAULTS.publishWait()).isEqualTo(Duration.ofSeconds(3));
    assertThat(DEFAULTS.appProbe())
        .isEqualTo(new AppProbe(Duration.ofSeconds(3), Duration.ofSeconds(10)));
    assertThat(DEFAULTS.zone()).isEmpty();
    assertThat(DEFAULTS.protocolNames()).isEqualTo("bolt, dubbo, http");
  }

  @Test
  void badSettingsNameTheField() {
    assertThatThrownBy(() -> AgentSettings.defaults(" ", "10.0.0.5"))
        .hasMessage("nodeId: expected the sidecar's node id, got nothing");
    assertThatThrownBy(() -> AgentSettings.defaults("n", "0.0.0.0"))
        .hasMessage(
            "publishHost: expected an address other sidecars can reach, got the wildcard 0.0.0.0");
    assertThatThrownBy(() -> AgentSettings.defaults("n", "provider.local"))
        .hasMessage(
            "publishHost: expected the IP address other sidecars reach this one on (endpoints reach"
                + " sidecars over EDS, which carries IP addresses only), got 'provider.local'");
    assertThatThrownBy(() -> new ProtocolPorts(12200, 12200, 12220))
        .hasMessageStartingWith("ingress: expected a port other than the app port 12200");
    assertThatThrownBy(() -> new ProtocolPorts(12200, 70000, 12220))
        .hasMessage("ingress: expected a port from 1 to 65535, got 70000");
    assertThatThrownBy(
            () -> DEFAULTS.withPorts(Protocol.DUBBO, new ProtocolPorts(20880, 12201, 12230)))
        .hasMessage("ports.dubbo.ingress: expected a port of its own, got ports.bolt.ingress's");
    assertThatThrownBy(
            () -> DEFAULTS.withPorts(Protocol.HTTP, new ProtocolPorts(12220, 12241, 12240)))
        .hasMessage("ports.http.app: expected a port other than ports.bolt.egress, got 12220");
    assertThatThrownBy(() -> DEFAULTS.withPorts(Protocol.GRPC, new ProtocolPorts(9090, 9091, 9092)))
        .hasMessage("ports: expected bolt, dubbo or http, got grpc (gRPC is proxyless)");
    assertThatThrownBy(() -> DEFAULTS.withSubscribeWait(Duration.ofSeconds(15)))
        .hasMessage("subscribeWait: expected a duration from 0 to 10 s, got PT15S");
    assertThatThrownBy(() -> new AppProbe(Duration.ofSeconds(3), Duration.ofSeconds(1)))
        .hasMessage("appProbe.grace: expected at least the interval PT3S, got PT1S");
  }

  @Test
  void aServicesClusterIsNamedAsTheControlPlaneNamesIt() {
    assertThat(ClusterWarmth.clusterName(ServiceId.of("weft.Echo:1.0"))).isEqualTo("weft.Echo:1.0");
    assertThat(ClusterWarmth.clusterName(ServiceId.of("weft.Echo:1.0", "blue", null)))
        .isEqualTo("weft.Echo:1.0#@#DEFAULT_INSTANCE_ID#@#blue");
    assertThat(ClusterWarmth.clusterName(ServiceId.of("weft.Echo:1.0", null, "tenant")))
        .isEqualTo("weft.Echo:1.0#@#tenant#@#DEFAULT_GROUP");
    assertThat(ServiceId.of("weft.Echo:1.0", "blue", null).meshName())
        .isEqualTo(ClusterWarmth.clusterName(ServiceId.of("weft.Echo:1.0", "blue", null)));
  }

  @Test
  void ipLiteralsAreToldFromHostNamesWithoutALookup() {
    assertThat(dev.weft.registry.model.Endpoint.isIpLiteral("10.0.0.5")).isTrue();
    assertThat(dev.weft.registry.model.Endpoint.isIpLiteral("::1")).isTrue();
    assertThat(dev.weft.registry.model.Endpoint.isIpLiteral("fd00::5")).isTrue();
    assertThat(dev.weft.registry.model.Endpoint.isIpLiteral("10.0.0")).isFalse();
    assertThat(dev.weft.registry.model.Endpoint.isIpLiteral("10.0.0.256")).isFalse();
    assertThat(dev.weft.registry.model.Endpoint.isIpLiteral("provider.local")).isFalse();
    assertThat(dev.weft.registry.model.Endpoint.isIpLiteral("a:b")).isFalse();
  }
}

package dev.weft.dataplane.xds;

import static dev.weft.dataplane.xds.Resources.edsCluster;
import static dev.weft.dataplane.xds.Resources.endpoints;
import static dev.weft.dataplane.xds.Resources.httpListener;
import static dev.weft.dataplane.xds.Resources.redisListener;
import static dev.weft.dataplane.xds.Resources.routes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.SidecarConfig;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol without a stream: what each response changes and what goes back. */
class AdsStateTest extends AdsStateFixture {
  @Test
  void aNewStreamAsksForClustersThenListenersByWildcard() {
    List<DiscoveryRequest> requests = state().streamStarted();

    assertThat(requests)
        .extracting(DiscoveryRequest::getTypeUrl)
        .containsExactly(XdsType.CDS.typeUrl(), XdsType.LDS.typeUrl());
    assertThat(requests)
        .allSatisfy(
            request -> {
              assertThat(request.getResourceNamesList()).isEmpty();
              assertThat(request.getVersionInfo()).isEmpty();
              assertThat(request.getResponseNonce()).isEmpty();
              assertThat(request.hasErrorDetail()).isFalse();
            });
  }

  @Test
  void acceptedClustersAreAckedAndTheirEndpointsAskedForByServiceName() {
    AdsState state = state();
    state.streamStarted();

    List<DiscoveryRequest> requests =
        state.onResponse(response(XdsType.CDS, "c1", edsCluster("c", "svc")));

    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).getTypeUrl()).isEqualTo(XdsType.CDS.typeUrl());
    assertThat(requests.get(0).getVersionInfo()).isEqualTo("c1");
    assertThat(requests.get(0).getResponseNonce()).isEqualTo("1");
    assertThat(requests.get(0).hasErrorDetail()).isFalse();
    assertThat(requests.get(1).getTypeUrl()).isEqualTo(XdsType.EDS.typeUrl());
    assertThat(requests.get(1).getResourceNamesList()).containsExactly("svc");
    assertThat(requests.get(1).getVersionInfo()).isEmpty();
    assertThat(state.warmingClusters()).containsExactly("c");
    assertThat(applied.get(applied.size() - 1).clusters()).isEmpty();
  }

  @Test
  void readyOnceListenersAndClustersAreAcceptedAndWarm() {
    AdsState state = state();
    state.streamStarted();
    state.onResponse(response(XdsType.CDS, "c1", edsCluster("c", "svc")));
    state.onResponse(response(XdsType.EDS, "e1", endpoints("svc", 8001)));
    List<DiscoveryRequest> lds =
        state.onResponse(response(XdsType.LDS, "l1", httpListener("l", 9001, "r")));

    assertThat(lds.get(1).getTypeUrl()).isEqualTo(XdsType.RDS.typeUrl());
    assertThat(lds.get(1).getResourceNamesList()).containsExactly("r");
    assertThat(state.warmingListeners()).containsExactly("l");
    assertThat(state.isReady()).isFalse();

    state.onResponse(response(XdsType.RDS, "r1", routes("r", "/", "c")));

    assertThat(state.isReady()).isTrue();
    assertThat(state.ready()).isDone();
    SidecarConfig last = applied.get(applied.size() - 1);
    assertThat(last.listeners()).extracting(ListenerConfig::name).containsExactly("l");
    assertThat(last.cluster("c")).isPresent();
  }

  @Test
  void aBadResourceIsNackedWithEveryMessageAndNothingChanges() {
    AdsState state = configured();
    int appliedBefore = applied.size();

    List<DiscoveryRequest> requests =
        state.onResponse(
            response(XdsType.LDS, "l2", redisListener("t1", 9002), redisListener("t2", 9003)));

    assertThat(requests).hasSize(1);
    DiscoveryRequest nack = requests.get(0);
    assertThat(nack.getVersionInfo()).isEqualTo("l1");
    assertThat(nack.getResponseNonce()).isEqualTo("5");
    assertThat(nack.getErrorDetail().getCode()).isEqualTo(3);
    assertThat(nack.getErrorDetail().getMessage())
        .isEqualTo(
            "listener 't1': filter_chains[0].filters[0].typed_config: type"
                + " 'envoy.extensions.filters.network.redis_proxy.v3.RedisProxy' is not supported\n"
                + "listener 't2': filter_chains[0].filters[0].typed_config: type"
                + " 'envoy.extensions.filters.network.redis_proxy.v3.RedisProxy' is not supported");
    assertThat(applied).hasSize(appliedBefore);
    assertThat(state.held().listeners()).containsOnlyKeys("l");
    assertThat(lds(state).version()).isEqualTo("l1");
    assertThat(lds(state).accepted()).containsExactly("l");
    assertThat(lds(state).lastNack().orElseThrow().version()).isEqualTo("l2");
    assertThat(lds(state).lastNack().orElseThrow().nonce()).isEqualTo("5");
  }

  @Test
  void aListenerLeftOutOfLdsIsDeletedWhileRdsOnlyAddsOrReplaces() {
    AdsState state = configured();

    state.onResponse(
        response(XdsType.LDS, "l2", httpListener("l", 9001, "r"), httpListener("m", 9002, "r2")));
    state.onResponse(response(XdsType.RDS, "r2", routes("r2", "/", "c")));

    assertThat(state.held().routes()).containsOnlyKeys("r", "r2");
    List<DiscoveryRequest> requests =
        state.onResponse(response(XdsType.LDS, "l3", httpListener("m", 9002, "r2")));

    assertThat(state.held().listeners()).containsOnlyKeys("m");
    assertThat(state.held().routes()).containsOnlyKeys("r2");
    assertThat(requests.get(1).getResourceNamesList()).containsExactly("r2");
    assertThat(applied.get(applied.size() - 1).listeners())
        .extracting(ListenerConfig::name)
        .containsExactly("m");
  }

  @Test
  void aResourceNamedTwiceIsNacked() {
    AdsState state = state();
    state.streamStarted();

    List<DiscoveryRequest> requests =
        state.onResponse(response(XdsType.CDS, "c1", edsCluster("c"), edsCluster("c")));

    assertThat(requests.get(0).getErrorDetail().getMessage())
        .isEqualTo("CDS 'c': sent twice in one response");
    assertThat(applied).isEmpty();
  }

  @Test
  void aTranslationProblemIsNacked() {
    AdsState state = configured();
    translateProblems = List.of(new XdsProblem(XdsType.RDS.typeUrl(), "r", "route 'r': no way"));

    List<DiscoveryRequest> requests =
        state.onResponse(response(XdsType.RDS, "r2", routes("r", "/other", "c")));

    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getVersionInfo()).isEqualTo("r1");
    assertThat(requests.get(0).getErrorDetail().getMessage()).isEqualTo("route 'r': no way");
    assertThat(state.held().routes().get("r")).isEqualTo(routes("r", "/", "c"));
  }

  @Test
  void aConfigTheSidecarCannotApplyIsNacked() {
    AdsState state = configured();
    apply =
        config -> {
          throw new IllegalStateException("listener 'm' cannot bind 127.0.0.1:9002: in use");
        };

    List<DiscoveryRequest> requests =
        state.onResponse(
            response(
                XdsType.LDS, "l2", httpListener("l", 9001, "r"), httpListener("m", 9002, "r")));

    assertThat(requests.get(0).getErrorDetail().getMessage())
        .isEqualTo(
            "LDS response cannot be applied: listener 'm' cannot bind 127.0.0.1:9002: in use");
    assertThat(state.held().listeners()).containsOnlyKeys("l");
    assertThat(lds(state).version()).isEqualTo("l1");
  }

  @Test
  void aNewStreamAsksAgainWithTheVersionsAndNamesHeld() {
    AdsState state = configured();

    List<DiscoveryRequest> requests = state.streamStarted();

    assertThat(requests)
        .extracting(r -> r.getTypeUrl().substring(r.getTypeUrl().lastIndexOf('.') + 1))
        .containsExactly("Cluster", "ClusterLoadAssignment", "Listener", "RouteConfiguration");
    assertThat(requests)
        .extracting(DiscoveryRequest::getVersionInfo)
        .containsExactly("c1", "e1", "l1", "r1");
    assertThat(requests).allSatisfy(r -> assertThat(r.getResponseNonce()).isEmpty());
    assertThat(requests.get(1).getResourceNamesList()).containsExactly("svc");
    assertThat(requests.get(3).getResourceNamesList()).containsExactly("r");
  }

  @Test
  void resourcesNotAskedForAreIgnored() {
    AdsState state = configured();

    state.onResponse(response(XdsType.RDS, "r2", routes("r", "/", "c"), routes("stray", "/", "c")));

    assertThat(state.held().routes()).containsOnlyKeys("r");
  }

  @Test
  void aTypeNotAskedForIsNacked() {
    AdsState state = configured();

    List<DiscoveryRequest> requests =
        state.onResponse(
            DiscoveryResponse.newBuilder()
                .setTypeUrl("type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret")
                .setNonce("9")
                .build());

    assertThat(requests.get(0).getResponseNonce()).isEqualTo("9");
    assertThat(requests.get(0).getErrorDetail().getMessage()).contains("does not ask for");
  }
}

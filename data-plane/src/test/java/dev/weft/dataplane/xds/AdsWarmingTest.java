package dev.weft.dataplane.xds;

import static dev.weft.dataplane.xds.Resources.edsCluster;
import static dev.weft.dataplane.xds.Resources.endpoints;
import static dev.weft.dataplane.xds.Resources.httpListener;
import static dev.weft.dataplane.xds.Resources.routes;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Envoy's warming across updates: a listener or cluster whose new version waits for its routes or
 * endpoints keeps serving its old version.
 */
class AdsWarmingTest extends AdsStateFixture {
  @Test
  void aListenerSwitchingRouteConfigsKeepsServingTheOldOneUntilTheNewOneIsWarm() {
    AdsState state = configured();

    List<DiscoveryRequest> requests =
        state.onResponse(response(XdsType.LDS, "l2", httpListener("l", 9001, "r2")));

    assertThat(requests.get(1).getResourceNamesList()).containsExactly("r", "r2");
    assertThat(state.warmingListeners()).containsExactly("l");
    assertThat(routerOf(applied.get(applied.size() - 1))).isEqualTo("r");

    requests = state.onResponse(response(XdsType.RDS, "r2", routes("r2", "/", "c")));

    assertThat(state.warmingListeners()).isEmpty();
    assertThat(routerOf(applied.get(applied.size() - 1))).isEqualTo("r2");
    assertThat(requests.get(1).getResourceNamesList()).containsExactly("r2");
    assertThat(state.held().routes()).containsOnlyKeys("r2");
    // Retired, not forgotten: connections the listener already had still use its old filter.
    assertThat(applied.get(applied.size() - 1).router("r")).isPresent();
  }

  @Test
  void aClusterSwitchingServicesKeepsItsOldEndpointsUntilTheNewOnesArrive() {
    AdsState state = configured();

    state.onResponse(response(XdsType.CDS, "c2", edsCluster("c", "svc2")));

    assertThat(state.warmingClusters()).containsExactly("c");
    assertThat(applied.get(applied.size() - 1).cluster("c")).isPresent();

    state.onResponse(response(XdsType.EDS, "e2", endpoints("svc2", 8002)));

    assertThat(applied.get(applied.size() - 1).cluster("c").orElseThrow().hosts())
        .extracting(host -> host.address().port())
        .containsExactly(8002);
    assertThat(state.held().endpoints()).containsOnlyKeys("svc2");
  }
}

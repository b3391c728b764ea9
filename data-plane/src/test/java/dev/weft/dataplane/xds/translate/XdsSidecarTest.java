package dev.weft.dataplane.xds.translate;

import static dev.weft.dataplane.xds.translate.ControlPlaneResources.assignment;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.edsCluster;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.endpoint;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.filter;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.hcm;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.listener;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.locality;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.weft.dataplane.ScriptedUpstream;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import dev.weft.dataplane.xds.XdsTranslation;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Translated configs applied to a running sidecar: an HTTP connection manager listener with RDS
 * routes forwards to the hosts an EDS assignment names, and follows the assignment as it changes.
 */
class XdsSidecarTest {
  private static final SidecarConfig NOTHING =
      new SidecarConfig(List.of(), List.of(), List.of(), Optional.empty());

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private ScriptedUpstream blue;
  private ScriptedUpstream green;
  private Sidecar sidecar;
  private XdsTranslation translation;

  @BeforeEach
  void start() throws IOException {
    blue = new ScriptedUpstream("blue");
    green = new ScriptedUpstream("green");
    sidecar = Sidecar.create(SidecarOptions.defaults());
    translation = new EnvoyTranslation(sidecar.mosnVocabulary());
  }

  @AfterEach
  void stop() {
    sidecar.close();
    blue.close();
    green.close();
  }

  private static Listener httpListener() {
    return listener(
        "egress_http",
        "127.0.0.1",
        0,
        TrafficDirection.OUTBOUND,
        filter(
            "envoy.filters.network.http_connection_manager",
            hcm("egress_http", "egress_http_router")));
  }

  private static RouteConfiguration routes() {
    return RouteConfiguration.newBuilder()
        .setName("egress_http_router")
        .addVirtualHosts(
            VirtualHost.newBuilder()
                .setName("all")
                .addDomains("*")
                .addRoutes(
                    Route.newBuilder()
                        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                        .setRoute(RouteAction.newBuilder().setCluster("svc"))))
        .build();
  }

  private SidecarConfig config(Message... resources) {
    XdsTranslation.Result result =
        translation.translate(NOTHING, TranslationTestBase.resources(resources));
    assertThat(result.problems()).isEmpty();
    return result.config();
  }

  private int get(String path) throws Exception {
    int port = sidecar.listenerAddress("egress_http").getPort();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode();
  }

  @Test
  void forwardsThroughAnHcmListenerToTheEdsHostsAndFollowsTheirChanges() throws Exception {
    // The cluster is warming (no assignment yet): the listener serves, the route finds nothing.
    XdsTranslation.Result warming =
        translation.translate(
            NOTHING, TranslationTestBase.resources(httpListener(), routes(), edsCluster("svc")));
    assertThat(warming.warmingClusters()).containsExactly("svc");
    sidecar.start(warming.config());
    assertThat(get("/before")).isEqualTo(503);

    sidecar.update(
        config(
            httpListener(),
            routes(),
            edsCluster("svc"),
            assignment("svc", locality("zone-a", endpoint("127.0.0.1", blue.port(), 1, "http")))));
    assertThat(get("/one")).isEqualTo(200);
    assertThat(blue.hits("/one")).isEqualTo(1);

    sidecar.update(
        config(
            httpListener(),
            routes(),
            edsCluster("svc"),
            assignment("svc", locality("zone-b", endpoint("127.0.0.1", green.port(), 1, "http")))));
    assertThat(get("/two")).isEqualTo(200);
    assertThat(green.hits("/two")).isEqualTo(1);
    assertThat(blue.hits("/two")).isZero();
  }
}

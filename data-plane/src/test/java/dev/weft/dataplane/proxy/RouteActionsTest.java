package dev.weft.dataplane.proxy;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.proxyListener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.ScriptedUpstream;
import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Route actions other than plain forwarding, end to end. */
class RouteActionsTest {
  private ScriptedUpstream blue;
  private ScriptedUpstream green;
  private Sidecar sidecar;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @BeforeEach
  void start() throws Exception {
    blue = new ScriptedUpstream("blue");
    green = new ScriptedUpstream("green");
    HeaderMutations routeRequest =
        new HeaderMutations(
            List.of(new HeaderMutations.HeaderValue("x-added", "by-route", false)),
            List.of("x-removed"));
    HeaderMutations vhostResponse =
        new HeaderMutations(
            List.of(new HeaderMutations.HeaderValue("x-served-by", "weft", false)),
            List.of("x-upstream"));
    RouteConfig rewrite =
        new RouteConfig(
            new RouteMatch(Optional.of(new RouteMatch.Prefix("/old/")), List.of()),
            new RouteAction.Forward(
                new RouteAction.NamedCluster("blue"),
                Duration.ofSeconds(5),
                Optional.empty(),
                List.of(),
                Map.of(),
                Optional.of("/new/"),
                Optional.of("rewritten.example"),
                Optional.empty()),
            routeRequest,
            HeaderMutations.NONE,
            Map.of());
    RouteConfig byHeader =
        new RouteConfig(
            new RouteMatch(Optional.of(new RouteMatch.Prefix("/pick")), List.of()),
            new RouteAction.Forward(
                new RouteAction.ClusterFromHeader("x-cluster"),
                Duration.ofSeconds(5),
                Optional.empty(),
                List.of(),
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()),
            HeaderMutations.NONE,
            HeaderMutations.NONE,
            Map.of());
    RouteConfig direct =
        new RouteConfig(
            new RouteMatch(Optional.of(new RouteMatch.Exact("/health")), List.of()),
            new RouteAction.DirectResponse(200, "healthy\n"),
            HeaderMutations.NONE,
            HeaderMutations.NONE,
            Map.of());
    RouteConfig redirect =
        new RouteConfig(
            new RouteMatch(Optional.of(new RouteMatch.Prefix("/moved")), List.of()),
            new RouteAction.Redirect(
                301, Optional.of("https"), Optional.of("new.example"), Optional.empty()),
            HeaderMutations.NONE,
            HeaderMutations.NONE,
            Map.of());
    sidecar = Sidecar.create(SidecarOptions.defaults());
    sidecar.start(
        new SidecarConfig(
            List.of(proxyListener("egress", "r", "Http1")),
            List.of(
                new RouterConfig(
                    "r",
                    List.of(
                        new VirtualHostConfig(
                            "all",
                            List.of("*"),
                            List.of(direct, redirect, rewrite, byHeader),
                            HeaderMutations.NONE,
                            vhostResponse)),
                    HeaderMutations.NONE,
                    HeaderMutations.NONE)),
            List.of(
                cluster("blue", "LB_ROUNDROBIN", local(blue.port())),
                cluster("green", "LB_ROUNDROBIN", local(green.port()))),
            Optional.empty()));
  }

  @AfterEach
  void stop() {
    sidecar.close();
    blue.close();
    green.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + sidecar.listenerAddress("egress").getPort() + path);
  }

  @Test
  void prefixAndHostRewriteAndRequestHeaderChanges() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(url("/old/thing?q=1"))
                .header("x-removed", "secret")
                .header("x-trace", "t1"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .startsWith("GET /new/thing?q=1 host=rewritten.example")
        .contains("x-added=by-route")
        .contains("x-trace=t1")
        .doesNotContain("x-removed");
  }

  @Test
  void responseHeaderChangesFromTheVirtualHost() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(url("/old/x")));

    assertThat(response.headers().firstValue("x-served-by")).contains("weft");
    assertThat(response.headers().firstValue("x-upstream")).isEmpty();
  }

  @Test
  void theClusterCanComeFromARequestHeader() throws Exception {
    assertThat(send(HttpRequest.newBuilder(url("/pick")).header("x-cluster", "green")).statusCode())
        .isEqualTo(200);
    assertThat(send(HttpRequest.newBuilder(url("/pick")).header("x-cluster", "blue")).statusCode())
        .isEqualTo(200);
    HttpResponse<String> unknown =
        send(HttpRequest.newBuilder(url("/pick")).header("x-cluster", "purple"));

    assertThat(green.hits("/pick")).isEqualTo(1);
    assertThat(blue.hits("/pick")).isEqualTo(1);
    assertThat(unknown.statusCode()).isEqualTo(503);
    assertThat(unknown.body()).contains("no cluster 'purple'");
  }

  @Test
  void directResponseAndRedirectNeverReachAnUpstream() throws Exception {
    HttpResponse<String> health = send(HttpRequest.newBuilder(url("/health")));
    HttpResponse<String> moved = send(HttpRequest.newBuilder(url("/moved/page?a=b")));

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("healthy\n");
    assertThat(moved.statusCode()).isEqualTo(301);
    assertThat(moved.headers().firstValue("location"))
        .contains("https://new.example/moved/page?a=b");
    assertThat(blue.totalHits() + green.totalHits()).isZero();
  }
}

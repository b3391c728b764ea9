package dev.weft.dataplane.xds;

import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.config.XdsNode;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A sidecar with an admin API on a free port, under an ADS client, as {@code weft sidecar --xds}.
 */
final class SidecarUnderXds implements AutoCloseable {
  static final SidecarConfig NO_STATIC =
      new SidecarConfig(List.of(), List.of(), List.of(), Optional.empty());

  final Sidecar sidecar;
  final AdsClient client;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  SidecarUnderXds(int controlPlanePort, Function<Sidecar, XdsTranslation> translation) {
    this(List.of(controlPlanePort), translation);
  }

  /** Under control-plane replicas on 127.0.0.1, in order of preference. */
  SidecarUnderXds(List<Integer> controlPlanePorts, Function<Sidecar, XdsTranslation> translation) {
    this(controlPlanePorts, Duration.ofMillis(50), Duration.ofMillis(500), translation);
  }

  /** The same, with the ADS client's reconnect backoff. */
  SidecarUnderXds(
      List<Integer> controlPlanePorts,
      Duration initialBackoff,
      Duration maxBackoff,
      Function<Sidecar, XdsTranslation> translation) {
    sidecar =
        Sidecar.create(SidecarOptions.defaults().withAdminAddress(new HostPort("127.0.0.1", 0)));
    XdsNode node =
        new XdsNode(
            "sidecar-1",
            "shop",
            "",
            "gz00a",
            "",
            Map.of(XdsNode.APP, "shop", XdsNode.EGRESS_PORTS, Map.of("http", 12240)));
    client =
        AdsClient.create(
            AdsSettings.of(
                    controlPlanePorts.stream()
                        .map(port -> new HostPort("127.0.0.1", port))
                        .toList(),
                    node)
                .withBackoff(initialBackoff, maxBackoff),
            translation.apply(sidecar),
            NO_STATIC,
            sidecar::update,
            () -> {});
    sidecar.reportXds(client::status);
    sidecar.start(NO_STATIC);
    client.start();
  }

  /** GET {@code path} through listener {@code listener}. */
  HttpResponse<String> get(String listener, String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + sidecar.listenerAddress(listener).getPort() + path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET {@code path} on the admin API. */
  HttpResponse<String> admin(String path) throws IOException, InterruptedException {
    URI uri =
        URI.create("http://127.0.0.1:" + sidecar.adminAddress().orElseThrow().getPort() + path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    client.close();
    sidecar.close();
  }
}

package dev.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.weft.testing.FreePorts;
import dev.weft.testing.process.ChildProcess;
import dev.weft.testing.process.Probe;
import dev.weft.testing.process.ProcessLauncher;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./weft sidecar -c config.json} as its own process, the way users run it. */
class SidecarProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private HttpServer upstream;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void startUpstream() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("upstream saw " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    upstream.start();
  }

  @AfterEach
  void stopUpstream() {
    upstream.stop(0);
  }

  private Path config(int listenerPort, String protocol) throws Exception {
    String json =
        "{\"servers\": [{\"listeners\": [{\"name\": \"egress\", \"address\": \"127.0.0.1:"
            + listenerPort
            + "\", \"bind_port\": true, \"filter_chains\": [{\"filters\": [{\"type\": \"proxy\","
            + " \"config\": {\"downstream_protocol\": \""
            + protocol
            + "\", \"router_config_name\": \"r\"}}]}]}],"
            + " \"routers\": [{\"router_config_name\": \"r\", \"virtual_hosts\": [{\"name\": \"all\","
            + " \"domains\": [\"*\"], \"routers\": [{\"match\": {\"prefix\": \"/\"}, \"route\":"
            + " {\"cluster_name\": \"backend\"}}]}]}]}],"
            + " \"cluster_manager\": {\"clusters\": [{\"name\": \"backend\", \"hosts\": [{\"address\":"
            + " \"127.0.0.1:"
            + upstream.getAddress().getPort()
            + "\"}]}]}}";
    return Files.writeString(dir.resolve("config.json"), json);
  }

  @Test
  void servesTrafficAndMetricsAndStopsOnSigterm() throws Exception {
    int port = FreePorts.loopback();
    int admin = FreePorts.loopback();
    ChildProcess sidecar =
        ProcessLauncher.weft(
                "sidecar",
                "sidecar",
                "-c",
                config(port, "Http1").toString(),
                "--admin-address",
                "127.0.0.1:" + admin)
            .readiness(Probe.http(URI.create("http://127.0.0.1:" + admin + "/ready")))
            .startTimeout(WAIT)
            .start();
    try (sidecar) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("upstream saw /hello");

      String metrics =
          client
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + admin + "/stats/prometheus"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics).contains("downstream_request_total{listener=\"egress\"} 1");

      int exit = sidecar.stop();
      assertThat(exit).isEqualTo(143); // the JVM's code for SIGTERM after its shutdown hooks ran
      assertThat(sidecar.output()).anyMatch(line -> line.contains("stopping the sidecar"));
    }
  }

  @Test
  void aBadConfigExits2WithOneLineNamingTheFieldAndNoStackTrace() throws Exception {
    Path bad = config(FreePorts.loopback(), "Http9");
    try (ChildProcess sidecar =
        ProcessLauncher.weft("bad-sidecar", "sidecar", "-c", bad.toString()).start()) {
      assertThat(sidecar.awaitExit(WAIT)).isEqualTo(2);
      assertThat(sidecar.output())
          .containsExactly(
              "weft: "
                  + bad
                  + ": servers[0].listeners[0].filter_chains[0].filters[0].config.downstream_protocol:"
                  + " unknown protocol 'Http9'; expected one of Http1, Http2, bolt, boltv2, dubbo");
    }
  }
}

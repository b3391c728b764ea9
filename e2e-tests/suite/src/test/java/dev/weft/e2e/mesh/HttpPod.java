package dev.weft.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.process.ChildProcess;
import dev.weft.testing.process.Probe;
import dev.weft.testing.process.ProcessLauncher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider "pod" on one host: an HTTP app in its own JVM ({@link HttpEchoApp}, answering {@code
 * "<name> <uri>"}) and its {@code weft sidecar} under a {@link ControlPlaneFixture}, with the
 * sidecar's HTTP egress, ingress and app ports given. Either part can be killed with {@code kill
 * -9}. Both are closed with the fixture.
 */
final class HttpPod {
  private static final Pattern AGENT =
      Pattern.compile("SOFA mesh registry agent on http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern READY = Pattern.compile("^READY ");
  private static final HttpClient AGENT_CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final String name;
  final int admin;
  final int egress;
  final int ingress;
  final int appPort;
  private final ControlPlaneFixture mesh;
  private volatile ChildProcess app;
  private volatile ChildProcess sidecar;

  /**
   * A pod whose parts are not started yet.
   *
   * @param ports four free ports: the sidecar's admin, HTTP egress, HTTP ingress, and the app's
   */
  HttpPod(ControlPlaneFixture mesh, String name, int... ports) {
    assertThat(ports).as("admin, egress, ingress and app ports").hasSize(4);
    this.mesh = mesh;
    this.name = name;
    this.admin = ports[0];
    this.egress = ports[1];
    this.ingress = ports[2];
    this.appPort = ports[3];
  }

  /** Starts the app, then its sidecar with {@code sidecarArgs} (e.g. {@code --publish}). */
  static HttpPod start(ControlPlaneFixture mesh, String name, int[] ports, String... sidecarArgs) {
    HttpPod pod = new HttpPod(mesh, name, ports);
    pod.startApp();
    pod.startSidecar(sidecarArgs);
    return pod;
  }

  /** Starts the app; ready once it listens. */
  HttpPod startApp() {
    app =
        mesh.keep(
            ProcessLauncher.java(
                    name + "-app", HttpEchoApp.class.getName(), name, String.valueOf(appPort))
                .jvmArgs("-Xmx64m", "-XX:TieredStopAtLevel=1")
                .readiness(Probe.logLine(READY))
                .startTimeout(Duration.ofSeconds(60))
                .start());
    return this;
  }

  /** Starts the sidecar with the pod's HTTP ports and {@code extra}; ready once it has config. */
  HttpPod startSidecar(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--egress-port",
                "http=" + egress,
                "--ingress-port",
                "http=" + ingress,
                "--app-port",
                "http=" + appPort));
    args.addAll(List.of(extra));
    sidecar = mesh.sidecar(name, admin, args.toArray(String[]::new));
    return this;
  }

  ChildProcess app() {
    return app;
  }

  ChildProcess sidecar() {
    return sidecar;
  }

  /** The endpoint the pod publishes: its sidecar's ingress. */
  String endpoint() {
    return "127.0.0.1:" + ingress;
  }

  /** {@code kill -9} of the app only; the sidecar stays. */
  void killApp() {
    app.kill();
  }

  /**
   * {@code kill -9} of the sidecar and the app, as when the pod's host dies: the sidecar first, so
   * that no request reaches the dying app through a sidecar that is still up.
   */
  void killPod() {
    sidecar.kill();
    app.kill();
  }

  /** The port the sidecar's mesh agent took (it is started on port 0). */
  int agentPort() {
    Matcher m = AGENT.matcher(String.join("\n", sidecar.output()));
    assertThat(m.find()).as(sidecar.tail(30)).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** The app publishes {@code http:<service>} through its sidecar's agent; it must succeed. */
  void publish(String service) throws IOException, InterruptedException {
    agent("/services/publish", service);
  }

  /** The app withdraws {@code http:<service>} through its sidecar's agent; it must succeed. */
  void unpublish(String service) throws IOException, InterruptedException {
    agent("/services/unpublish", service);
  }

  private void agent(String path, String service) throws IOException, InterruptedException {
    HttpResponse<String> response =
        AGENT_CLIENT.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agentPort() + path))
                .header("Content-Type", "text/plain")
                .timeout(Duration.ofSeconds(10))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"serviceName\":\"" + service + "\",\"protocolType\":\"http\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    assertThat(response.body()).as(path).contains("\"success\":true");
  }

  @Override
  public String toString() {
    return name + " (" + endpoint() + " -> app 127.0.0.1:" + appPort + ")";
  }
}

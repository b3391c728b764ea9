package dev.weft.e2e.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.process.ChildProcess;
import dev.weft.testing.process.Probe;
import dev.weft.testing.process.ProcessLauncher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real RPC peers of {@code e2e-tests/peers-*} as child JVMs: servers are ready when they print
 * {@code READY}, callers when their control port answers; a caller's run comes back as a {@link
 * Summary}.
 */
public final class Peers {
  public static final Duration START = Duration.ofSeconds(90);
  private static final Pattern READY = Pattern.compile("^READY ");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Peers() {}

  public static Path sofaJar() {
    return jar("weft.peers.sofa.jar");
  }

  public static Path dubboJar() {
    return jar("weft.peers.dubbo.jar");
  }

  /** The HTTP and gRPC peers (peers-web). */
  public static Path webJar() {
    return jar("weft.peers.web.jar");
  }

  private static Path jar(String property) {
    String configured = System.getProperty(property);
    assertThat(configured).as("system property " + property + " (set by failsafe)").isNotNull();
    Path jar = Paths.get(configured);
    assertThat(Files.isRegularFile(jar)).as(jar + " exists (build e2e-tests/peers-*)").isTrue();
    return jar;
  }

  /** {@code java [jvmFlags] -jar jar role args...}, small heap, no readiness yet. */
  public static ProcessLauncher launcher(
      String name, Path jar, List<String> jvmFlags, String role, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", jar.toString(), role));
    command.addAll(Arrays.asList(args));
    return ProcessLauncher.command(name, command.toArray(String[]::new)).startTimeout(START);
  }

  /** A server peer, ready once it prints {@code READY}. */
  public static ChildProcess server(
      String name, Path jar, List<String> jvmFlags, String role, String... args) {
    return launcher(name, jar, jvmFlags, role, args).readiness(Probe.logLine(READY)).start();
  }

  /** A caller peer, ready once its control port answers. */
  public static Caller caller(
      String name, Path jar, List<String> jvmFlags, int controlPort, String role, String... args) {
    List<String> all = new ArrayList<>(List.of("--name", name, "--control-port", "" + controlPort));
    all.addAll(Arrays.asList(args));
    ChildProcess process =
        launcher(name, jar, jvmFlags, role, all.toArray(String[]::new))
            .readiness(Probe.http(URI.create("http://127.0.0.1:" + controlPort + "/ready")))
            .start();
    return new Caller(name, process, controlPort);
  }

  /** A caller peer JVM and its control port. */
  public record Caller(String name, ChildProcess process, int controlPort)
      implements AutoCloseable {
    /** Runs calls ({@code query} as for the peer's {@code /run}) and waits for the summary. */
    public Summary run(String query) {
      return runAsync(query).join();
    }

    public CompletableFuture<Summary> runAsync(String query) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + "/run?" + query))
              .timeout(Duration.ofMinutes(4))
              .build();
      return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .thenApply(
              response -> {
                assertThat(response.statusCode())
                    .as(name + " /run?" + query + ": " + response.body())
                    .isEqualTo(200);
                return Summary.parse(name + " " + query, response.body());
              });
    }

    public String get(String path) throws IOException, InterruptedException {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + path)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }

    @Override
    public void close() {
      process.close();
    }
  }

  /** A peer's {@code SUMMARY} line. */
  public record Summary(
      String what,
      long calls,
      long ok,
      long mismatches,
      long errors,
      String kinds,
      String firstError,
      String line) {
    private static final Pattern LINE =
        Pattern.compile(
            "SUMMARY calls=(\\d+) ok=(\\d+) mismatches=(\\d+) errors=(\\d+) .*?kinds=(\\S+)"
                + " firstError=(.*)$");

    public static Summary parse(String what, String text) {
      String line =
          text.lines()
              .filter(l -> l.startsWith("SUMMARY "))
              .reduce((first, second) -> second)
              .orElseThrow(() -> new AssertionError(what + ": no SUMMARY line in:\n" + text));
      Matcher m = LINE.matcher(line);
      assertThat(m.find()).as(what + ": " + line).isTrue();
      return new Summary(
          what,
          Long.parseLong(m.group(1)),
          Long.parseLong(m.group(2)),
          Long.parseLong(m.group(3)),
          Long.parseLong(m.group(4)),
          m.group(5),
          m.group(6),
          line);
    }

    /** Every call answered, each with the reply to its own token. */
    public Summary allOk(long expectedCalls) {
      assertThat(this)
          .as(what + " -> " + line)
          .extracting(Summary::calls, Summary::ok, Summary::mismatches, Summary::errors)
          .containsExactly(expectedCalls, expectedCalls, 0L, 0L);
      return this;
    }

    /** Every call failed, none with a wrong reply. */
    public Summary allFailed(long expectedCalls) {
      assertThat(this)
          .as(what + " -> " + line)
          .extracting(Summary::calls, Summary::ok, Summary::mismatches, Summary::errors)
          .containsExactly(expectedCalls, 0L, 0L, expectedCalls);
      return this;
    }
  }
}

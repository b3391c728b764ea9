package dev.weft.testing.etcd;

import static org.awaitility.Awaitility.await;

import dev.weft.testing.process.ChildProcess;
import dev.weft.testing.process.Probe;
import dev.weft.testing.process.ProcessLauncher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One etcd server process of an {@link EtcdCluster}, on its own loopback address and ports, with
 * its data directory under the cluster's temp folder. It can be stopped, killed and started again
 * with its data intact.
 */
public final class EtcdMember {
  private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\"\\s*:\\s*\"?(\\d+)");
  private static final Pattern LEADER_ID = Pattern.compile("\"leader\"\\s*:\\s*\"?(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final String host;
  private final int clientPort;
  private final int peerPort;
  private final Path dataDir;
  private final Path logFile;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private List<String> command;
  private ChildProcess process;
  private int starts;

  EtcdMember(String name, String host, int clientPort, int peerPort, Path workDir) {
    this.name = name;
    this.host = host;
    this.clientPort = clientPort;
    this.peerPort = peerPort;
    this.dataDir = workDir.resolve(name + ".data");
    this.logFile = workDir.resolve(name + ".log");
  }

  public String name() {
    return name;
  }

  /** The client URL, for example {@code http://127.0.0.1:23790}. */
  public URI clientUrl() {
    return URI.create("http://" + host + ":" + clientPort);
  }

  URI peerUrl() {
    return URI.create("http://" + host + ":" + peerPort);
  }

  public Path dataDir() {
    return dataDir;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The process id while running. */
  public long pid() {
    if (!isRunning()) {
      throw new IllegalStateException(name + " is not running");
    }
    return process.pid();
  }

  void configure(Path binary, String initialCluster, String clusterToken) {
    this.command =
        List.of(
            binary.toString(),
            "--name=" + name,
            "--data-dir=" + dataDir,
            "--listen-client-urls=" + clientUrl(),
            "--advertise-client-urls=" + clientUrl(),
            "--listen-peer-urls=" + peerUrl(),
            "--initial-advertise-peer-urls=" + peerUrl(),
            "--initial-cluster=" + initialCluster,
            "--initial-cluster-token=" + clusterToken,
            "--initial-cluster-state=new",
            "--logger=zap",
            "--log-outputs=stderr");
  }

  /** Starts the process; {@link #awaitHealthy()} waits for it to serve. */
  void launch() {
    if (isRunning()) {
      throw new IllegalStateException(name + " is already running");
    }
    starts++;
    process =
        ProcessLauncher.command("etcd-" + name, command.toArray(String[]::new))
            .logFile(logFile.resolveSibling(name + ".log." + starts))
            .echo(false)
            .readiness(Probe.tcp(host, clientPort))
            .startTimeout(START_TIMEOUT)
            .start();
  }

  /** Starts a stopped member again on the same ports and data, and waits until it is healthy. */
  public void start() {
    launch();
    awaitHealthy();
  }

  /** SIGTERM: a clean shutdown. */
  public void stop() {
    if (isRunning()) {
      process.stop();
    }
  }

  /** SIGKILL: a crash. */
  public void kill() {
    if (isRunning()) {
      process.kill();
    }
  }

  public void restart() {
    stop();
    start();
  }

  /** True when this member answers {@code /health} with {@code "health":"true"}. */
  public boolean isHealthy() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(clientUrl().resolve("/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"health\":\"true\"");
    } catch (IOException notServing) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void awaitHealthy() {
    try {
      await(name + " healthy at " + clientUrl())
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> checkAlive() && isHealthy());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\n" + name + " log:\n" + logTail(), e);
    }
  }

  private boolean checkAlive() {
    if (!isRunning()) {
      throw new AssertionError(name + " exited; its log:\n" + logTail());
    }
    return true;
  }

  /** The member id and the id of the leader it follows, from {@code /v3/maintenance/status}. */
  Optional<long[]> status() {
    if (!isRunning()) {
      return Optional.empty();
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(clientUrl().resolve("/v3/maintenance/status"))
                  .timeout(Duration.ofSeconds(2))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher member = MEMBER_ID.matcher(response.body());
      Matcher leader = LEADER_ID.matcher(response.body());
      if (response.statusCode() != 200 || !member.find() || !leader.find()) {
        return Optional.empty();
      }
      return Optional.of(
          new long[] {
            Long.parseUnsignedLong(member.group(1)), Long.parseUnsignedLong(leader.group(1))
          });
    } catch (IOException notServing) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  String logTail() {
    return process == null ? "(never started)" : process.tail(40);
  }

  @Override
  public String toString() {
    return name + "@" + clientUrl() + (isRunning() ? "" : " (stopped)");
  }
}

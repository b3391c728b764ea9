package dev.weft.e2e.mesh;

import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.weft.e2e.rpc.Peers;
import dev.weft.testing.FreePorts;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * {@code ./weft control-plane} on a real etcd, one or several replicas, and {@code ./weft sidecar}
 * processes under it that open their registry sessions on it ({@code --xds} and {@code --registry}
 * naming every replica, in the same order, as a deployment does). A replica can be killed with
 * {@code kill -9} and started again on the same ports. Everything it starts is closed with it, last
 * started first.
 */
final class ControlPlaneFixture implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The first replica's ports. */
  final int registryPort;

  final int xdsPort;
  final int adminPort;
  private final List<ControlPlaneReplica> replicas;
  private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());

  private ControlPlaneFixture(List<ControlPlaneReplica> replicas) {
    this.replicas = List.copyOf(replicas);
    registryPort = replicas.get(0).registryPort;
    xdsPort = replicas.get(0).xdsPort;
    adminPort = replicas.get(0).adminPort;
  }

  /**
   * Starts {@code weft control-plane --store etcd} and waits for its admin {@code /ready}.
   *
   * @param extra more control-plane options, e.g. {@code "--session-ttl", "3s"}
   */
  static ControlPlaneFixture start(String etcdEndpoints, String... extra) {
    return replicas(etcdEndpoints, 1, extra);
  }

  /**
   * Starts {@code count} replicas of {@code weft control-plane --store etcd} on the same etcd, in
   * parallel, and waits for each one's admin {@code /ready}.
   */
  static ControlPlaneFixture replicas(String etcdEndpoints, int count, String... extra) {
    int[] ports = FreePorts.distinct("127.0.0.1", 3 * count);
    List<ControlPlaneReplica> replicas = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      replicas.add(
          new ControlPlaneReplica(
              count == 1 ? "control-plane" : "control-plane-" + (i + 1),
              Arrays.copyOfRange(ports, 3 * i, 3 * i + 3),
              etcdEndpoints,
              List.of(extra)));
    }
    ControlPlaneFixture fixture = new ControlPlaneFixture(replicas);
    CompletableFuture.allOf(
            replicas.stream()
                .map(r -> CompletableFuture.runAsync(() -> fixture.startReplica(r)))
                .toArray(CompletableFuture[]::new))
        .join();
    return fixture;
  }

  /** Replica {@code index} (0 is the first, the one every sidecar prefers). */
  ControlPlaneReplica replica(int index) {
    return replicas.get(index);
  }

  /** {@code kill -9} of replica {@code index}: no clean end for its streams and sessions. */
  void kill(int index) {
    replicas.get(index).kill();
  }

  /** Starts replica {@code index} again on the same ports, once killed; waits for its /ready. */
  void restart(int index) {
    startReplica(replicas.get(index));
  }

  private void startReplica(ControlPlaneReplica replica) {
    keep(replica.start(admin(replica.adminPort, "/ready")));
  }

  /** Every replica's address of one kind, in order: what the sidecars' lists say. */
  private String all(ToIntFunction<ControlPlaneReplica> port) {
    return replicas.stream()
        .map(r -> "127.0.0.1:" + port.applyAsInt(r))
        .collect(Collectors.joining(","));
  }

  /**
   * A sidecar under this control plane with node id {@code nodeId}, its registry session on it and
   * its mesh agent on a free port, publishing 127.0.0.1 for its app's services; ready once its
   * {@code /ready} answers 200 (the first full config from the control plane is applied). With
   * several replicas it is given all of them, in order.
   *
   * @param extra the sidecar's app config: ports and {@code --publish} / {@code --subscribe}
   */
  ChildProcess sidecar(String nodeId, int sidecarAdmin, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "sidecar",
                "--xds",
                all(r -> r.xdsPort),
                "--node-id",
                nodeId,
                "--registry",
                all(r -> r.registryPort),
                "--agent-address",
                "127.0.0.1:0",
                "--publish-address",
                "127.0.0.1",
                "--admin-address",
                "127.0.0.1:" + sidecarAdmin));
    args.addAll(List.of(extra));
    return keep(
        ProcessLauncher.weft(nodeId, args.toArray(String[]::new))
            .readiness(admin(sidecarAdmin, "/ready"))
            .startTimeout(Peers.START)
            .start());
  }

  /** Starts something in the background; it is closed with the fixture once started. */
  <T extends AutoCloseable> CompletableFuture<T> startAsync(Supplier<T> start) {
    return CompletableFuture.supplyAsync(() -> keep(start.get()));
  }

  /** Closes {@code process} with the fixture. */
  <T extends AutoCloseable> T keep(T process) {
    started.add(process);
    return process;
  }

  /** The control plane's view of a node: {@code /debug/config?node=<id>}, for failure messages. */
  String debugConfig(String nodeId) {
    try {
      return get(adminPort, "/debug/config?node=" + nodeId);
    } catch (IOException | InterruptedException e) {
      return "(cannot read /debug/config?node=" + nodeId + ": " + e + ")";
    }
  }

  /** Whether the control plane's admin {@code /ready} answers 200 now. */
  boolean ready() {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code weft services --service <dataId>} against this control plane; it must exit 0. */
  String services(String dataId) throws InterruptedException {
    String[] args = {"services", "--service", dataId, "--registry", "127.0.0.1:" + registryPort};
    try (ChildProcess weft = ProcessLauncher.weft("weft-services", args).start()) {
      int exit = weft.awaitExit(Duration.ofSeconds(30));
      String output = String.join("\n", weft.output());
      if (exit != 0) {
        throw new AssertionError(
            "weft " + String.join(" ", args) + " exited " + exit + ":\n" + output);
      }
      return output;
    }
  }

  /**
   * The addresses of a cluster's hosts in a sidecar's {@code /api/v1/config_dump}, if it has it.
   */
  static List<String> clusterHosts(int sidecarAdmin, String cluster)
      throws IOException, InterruptedException {
    JsonObject dump =
        JsonParser.parseString(get(sidecarAdmin, "/api/v1/config_dump")).getAsJsonObject();
    List<String> hosts = new ArrayList<>();
    JsonObject manager = dump.getAsJsonObject("cluster_manager");
    if (manager == null || !manager.has("clusters")) {
      return hosts;
    }
    for (JsonElement element : manager.getAsJsonArray("clusters")) {
      JsonObject c = element.getAsJsonObject();
      if (c.get("name").getAsString().equals(cluster) && c.has("hosts")) {
        for (JsonElement host : c.getAsJsonArray("hosts")) {
          hosts.add(host.getAsJsonObject().get("address").getAsString());
        }
      }
    }
    return hosts;
  }

  /**
   * Waits until a sidecar's cluster has exactly {@code hosts}, in any order, polling its {@code
   * config_dump} every 50 ms; returns when it saw them (System.nanoTime).
   */
  static long awaitClusterHosts(
      int sidecarAdmin, String cluster, List<String> hosts, Duration atMost) {
    List<String> expected = hosts.stream().sorted().toList();
    await(cluster + " at the sidecar with admin port " + sidecarAdmin + " has exactly " + expected)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> clusterHosts(sidecarAdmin, cluster).stream().sorted().toList().equals(expected));
    return System.nanoTime();
  }

  /** The names of the clusters in a sidecar's {@code /api/v1/config_dump}. */
  static List<String> clusters(int sidecarAdmin) throws IOException, InterruptedException {
    JsonObject dump =
        JsonParser.parseString(get(sidecarAdmin, "/api/v1/config_dump")).getAsJsonObject();
    List<String> names = new ArrayList<>();
    JsonObject manager = dump.getAsJsonObject("cluster_manager");
    if (manager != null && manager.has("clusters")) {
      for (JsonElement cluster : manager.getAsJsonArray("clusters")) {
        names.add(cluster.getAsJsonObject().get("name").getAsString());
      }
    }
    return names;
  }

  /** The names of the listeners in a sidecar's {@code /api/v1/config_dump}. */
  static List<String> listeners(int sidecarAdmin) throws IOException, InterruptedException {
    JsonObject dump =
        JsonParser.parseString(get(sidecarAdmin, "/api/v1/config_dump")).getAsJsonObject();
    List<String> names = new ArrayList<>();
    for (JsonElement server : dump.getAsJsonArray("servers")) {
      JsonObject s = server.getAsJsonObject();
      if (s.has("listeners")) {
        for (JsonElement listener : s.getAsJsonArray("listeners")) {
          names.add(listener.getAsJsonObject().get("name").getAsString());
        }
      }
    }
    return names;
  }

  static String get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static Probe admin(int port, String path) {
    return Probe.http(URI.create("http://127.0.0.1:" + port + path));
  }

  /** Stops everything it started, last started first; the first failure is thrown at the end. */
  @Override
  public void close() throws Exception {
    Exception first = null;
    List<AutoCloseable> all;
    synchronized (started) {
      all = new ArrayList<>(started);
      started.clear();
    }
    Collections.reverse(all);
    for (AutoCloseable closeable : all) {
      try {
        closeable.close();
      } catch (Exception | AssertionError e) {
        if (first == null) {
          first = e instanceof Exception ? (Exception) e : new Exception(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}

package dev.weft.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.weft.e2e.rpc.Peers;
import dev.weft.e2e.rpc.Peers.Caller;
import dev.weft.testing.FreePorts;
import dev.weft.testing.etcd.EtcdExtension;
import dev.weft.testing.process.ChildProcess;
import dev.weft.testing.process.Probe;
import dev.weft.testing.process.ProcessLauncher;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gRPC end to end, proxyless: a real grpc-java provider process registered in the registry (as
 * {@code weft demo} does, on a registry session of its own: here {@code weft register --hold}), and
 * a grpc-java consumer process that dials {@code xds:///<dataId>} with nothing but a bootstrap
 * naming a real {@code weft control-plane} process (on etcd). No sidecar: the control plane's
 * LDS/RDS/CDS/EDS go to the client itself.
 *
 * <pre>
 * grpc-consumer --ADS--> weft control-plane <--registry session-- weft register --hold (provider-N)
 * grpc-consumer --gRPC--> grpc-provider provider-1 / provider-2
 * </pre>
 */
class ProxylessGrpcIT {
  private static final String SERVICE = "echo-grpc.it";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.singleNode();

  private ControlPlaneFixture mesh;

  @AfterEach
  void stopAll() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void theConsumerReachesItsProviderThroughTheControlPlaneAndFollowsProvidersJoiningAndLeaving()
      throws Exception {
    mesh = ControlPlaneFixture.start(ETCD.endpoints());
    int[] ports = FreePorts.distinct("127.0.0.1", 3);
    ChildProcess provider1 = mesh.keep(provider("provider-1", ports[0]));
    ChildProcess registration1 = mesh.keep(register(ports[0]));

    Caller consumer =
        mesh.keep(
            Peers.caller(
                "grpc-consumer",
                Peers.webJar(),
                List.of(),
                ports[2],
                "grpc-consumer",
                "--target",
                "xds:///" + SERVICE,
                "--xds",
                "127.0.0.1:" + mesh.xdsPort,
                "--node-id",
                "grpc-it",
                "--loop-rate",
                "20"));
    // The consumer's control port answered: its channel is ready, resolved over ADS.
    await("provider-1 answers").atMost(WAIT).until(() -> answers(consumer, "provider-1") >= 20);
    assertThat(stats(consumer).getAsJsonObject("answers").keySet()).containsExactly("provider-1");
    assertThat(mesh.debugConfig("grpc-it"))
        .contains("\"portValue\": " + ports[0])
        .contains("\"type.googleapis.com/envoy.config.listener.v3.Listener\"");

    // A second provider joins: the consumer spreads its calls over both.
    mesh.keep(provider("provider-2", ports[1]));
    mesh.keep(register(ports[1]));
    await("provider-2 answers too").atMost(WAIT).until(() -> answers(consumer, "provider-2") >= 20);
    assertThat(answers(consumer, "provider-1")).isGreaterThanOrEqualTo(20);

    // provider-1's registration goes (its session ends): the consumer stops calling it, and
    // only then does the provider stop. No call fails.
    registration1.stop();
    await("provider-1 gets no more calls while provider-2 answers 40")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(new Quiet(consumer, "provider-1", "provider-2", 40));
    provider1.stop();
    long provider1Calls = answers(consumer, "provider-1");
    long provider2Calls = answers(consumer, "provider-2");
    await("provider-2 answers 40 more")
        .atMost(WAIT)
        .until(() -> answers(consumer, "provider-2") >= provider2Calls + 40);

    JsonObject end = stats(consumer);
    assertThat(end.getAsJsonObject("answers").get("provider-1").getAsLong())
        .isEqualTo(provider1Calls);
    assertThat(end.get("errors").getAsLong()).as(end.toString()).isZero();
    assertThat(end.get("mismatches").getAsLong()).as(end.toString()).isZero();
  }

  /**
   * True once {@code quiet} answered nothing while {@code busy} answered {@code calls} calls: the
   * consumer has dropped {@code quiet}.
   */
  private static final class Quiet implements java.util.concurrent.Callable<Boolean> {
    private final Caller consumer;
    private final String quiet;
    private final String busy;
    private final long calls;
    private long quietSeen = -1;
    private long busySeen;

    Quiet(Caller consumer, String quiet, String busy, long calls) {
      this.consumer = consumer;
      this.quiet = quiet;
      this.busy = busy;
      this.calls = calls;
    }

    @Override
    public Boolean call() throws Exception {
      long quietNow = answers(consumer, quiet);
      long busyNow = answers(consumer, busy);
      if (quietNow != quietSeen) {
        quietSeen = quietNow;
        busySeen = busyNow;
        return false;
      }
      return busyNow - busySeen >= calls;
    }
  }

  private static ChildProcess provider(String name, int port) {
    return Peers.server(
        "grpc-" + name,
        Peers.webJar(),
        List.of(),
        "grpc-provider",
        "--port",
        "" + port,
        "--name",
        name);
  }

  /** {@code weft register --hold}: the provider's registration, for as long as it runs. */
  private ChildProcess register(int port) {
    return ProcessLauncher.weft(
            "register-" + port,
            "register",
            "--hold",
            "--protocol",
            "grpc",
            "--service",
            SERVICE,
            "--address",
            "127.0.0.1:" + port,
            "--registry",
            "127.0.0.1:" + mesh.registryPort)
        .readiness(Probe.logLine(Pattern.compile("^registered " + Pattern.quote(SERVICE))))
        .startTimeout(Peers.START)
        .start();
  }

  private static JsonObject stats(Caller consumer) throws Exception {
    return JsonParser.parseString(consumer.get("/stats")).getAsJsonObject();
  }

  private static long answers(Caller consumer, String provider) throws Exception {
    JsonObject answers = stats(consumer).getAsJsonObject("answers");
    return answers.has(provider) ? answers.get(provider).getAsLong() : 0;
  }
}

package dev.weft.peers.web;

import dev.weft.peers.common.Args;
import dev.weft.peers.common.CallLoop;
import dev.weft.peers.common.ControlServer;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A proxyless gRPC app: a channel to {@code --target} ({@code xds:///<dataId>}) whose listener,
 * route, cluster and endpoints come from the control plane at {@code --xds host:port} over ADS, as
 * node {@code --node-id}. No sidecar is involved. Like an application that takes traffic only once
 * its dependencies are there, it waits (at most {@code --ready-timeout-ms}, default 60 s) for the
 * channel to be ready, that is for xDS to have resolved the target to a reachable endpoint, before
 * its control port answers. Its {@link CallLoop} runs from the start with {@code --loop-rate N},
 * else once {@code GET /loop/start?rate=N} asks; each call also waits for the channel to be ready,
 * for at most its 5 s deadline.
 */
final class GrpcConsumer {
  static final long DEADLINE_MS = 5_000;

  /** grpc-java reads its bootstrap from this property when no file or variable names one. */
  static final String BOOTSTRAP_PROPERTY = "io.grpc.xds.bootstrapConfig";

  private GrpcConsumer() {}

  static void run(Args args) throws IOException {
    String name = args.get("name", "grpc-consumer");
    String target = args.require("target");
    int controlPort = Integer.parseInt(args.require("control-port"));
    if (args.has("xds")) {
      System.setProperty(
          BOOTSTRAP_PROPERTY, bootstrap(args.require("xds"), args.get("node-id", name)));
    } else if (target.startsWith("xds:")) {
      throw new IllegalArgumentException(
          "grpc-consumer: " + target + " needs --xds host:port (the control plane's ADS)");
    }
    ManagedChannel channel =
        Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    Runtime.getRuntime().addShutdownHook(new Thread(channel::shutdownNow, "grpc-consumer-stop"));
    awaitReady(channel, args.getInt("ready-timeout-ms", 60_000));
    CallLoop loop = CallLoop.of(args, name, token -> call(channel, token), GrpcConsumer::kind);
    ControlServer.start(controlPort, loop.handlers(Map.of()));
    System.out.println("READY grpc-consumer " + name + " target=" + target);
  }

  /** grpc-java's xDS bootstrap: one insecure xDS v3 server, and this client's node. */
  static String bootstrap(String xdsServer, String nodeId) {
    return """
        {
          "xds_servers": [{
            "server_uri": "%s",
            "channel_creds": [{"type": "insecure"}],
            "server_features": ["xds_v3"]
          }],
          "node": {"id": "%s", "cluster": "weft-demo", "metadata": {}}
        }
        """
        .formatted(xdsServer, nodeId);
  }

  /** Waits until the channel is READY, asking it to connect. */
  static void awaitReady(ManagedChannel channel, long timeoutMs) {
    CountDownLatch ready = new CountDownLatch(1);
    watch(channel, ready);
    try {
      if (!ready.await(timeoutMs, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "the channel is not ready after "
                + timeoutMs
                + " ms (state "
                + channel.getState(false)
                + "): is the target published, and the control plane reachable?");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the channel", e);
    }
  }

  private static void watch(ManagedChannel channel, CountDownLatch ready) {
    ConnectivityState state = channel.getState(true);
    if (state == ConnectivityState.READY) {
      ready.countDown();
    } else if (state != ConnectivityState.SHUTDOWN) {
      channel.notifyWhenStateChanged(state, () -> watch(channel, ready));
    }
  }

  private static String call(ManagedChannel channel, String token) {
    return ClientCalls.blockingUnaryCall(
        channel,
        GrpcEcho.METHOD,
        CallOptions.DEFAULT
            .withWaitForReady()
            .withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS),
        token);
  }

  static String kind(Throwable error) {
    if (error instanceof StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      return code == Status.Code.DEADLINE_EXCEEDED
          ? "timeout"
          : code.name().toLowerCase(Locale.ROOT);
    }
    return error.getClass().getSimpleName();
  }
}

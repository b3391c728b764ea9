package dev.weft.cli;

import dev.weft.cli.AgentOptions.StaticService;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.registry.agent.AgentSettings;
import dev.weft.registry.agent.ClusterWarmth;
import dev.weft.registry.agent.MeshAgent;
import dev.weft.registry.client.ClientState;
import dev.weft.registry.client.RegistrySession;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sidecar's registry side: its registry session (opened under its node id, so the control plane
 * builds its clusters and ingress listeners from it) and the SOFA mesh registry agent its apps talk
 * to. A cluster is warm once it is in the config the sidecar serves.
 */
final class SidecarAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SidecarAgent.class);
  private static final long POLL_MILLIS = 20;

  private final ManagedChannel channel;
  private final ScheduledExecutorService scheduler;
  private final RegistrySession session;
  private final MeshAgent agent;

  private SidecarAgent(
      HostPort registry,
      AgentSettings settings,
      Sidecar sidecar,
      List<StaticService> publishes,
      List<StaticService> subscribes)
      throws IOException {
    channel =
        NettyChannelBuilder.forAddress(registry.host(), registry.port()).usePlaintext().build();
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "weft-registry-session");
              thread.setDaemon(true);
              return thread;
            });
    session =
        new RegistrySession(
            channel,
            scheduler,
            "sidecar " + settings.nodeId(),
            settings.zone(),
            settings.nodeId(),
            state -> logState(registry, state));
    try {
      agent = MeshAgent.start(settings, session, warmth(sidecar));
    } catch (IOException | RuntimeException e) {
      session.close(Duration.ofSeconds(1));
      channel.shutdownNow();
      scheduler.shutdownNow();
      throw e;
    }
    LOG.info(
        "SOFA mesh registry agent on http://{}:{}/ (registry session on {}, publishing {})",
        settings.listen().getHostString(),
        agent.port(),
        registry,
        settings.publishHost());
    for (StaticService subscribe : subscribes) {
      agent.subscribe(subscribe.service(), subscribe.protocol());
    }
    for (StaticService publish : publishes) {
      agent
          .publish(publish.service(), publish.protocol())
          .whenComplete(
              (ok, error) -> {
                if (error != null && !(unwrap(error) instanceof CancellationException)) {
                  LOG.error(
                      "--publish {}: the registry refused it: {}",
                      publish,
                      unwrap(error).getMessage());
                }
              });
    }
  }

  /**
   * Opens the session, starts the agent, then publishes and subscribes what the app's static config
   * says ({@code --publish}, {@code --subscribe}); the session sends them once it is open.
   */
  static SidecarAgent start(
      HostPort registry,
      AgentSettings settings,
      Sidecar sidecar,
      List<StaticService> publishes,
      List<StaticService> subscribes)
      throws IOException {
    return new SidecarAgent(registry, settings, sidecar, publishes, subscribes);
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private static void logState(HostPort registry, ClientState state) {
    LOG.info("registry session on {}: {}", registry, state);
  }

  /** Warm: the cluster is in the config the sidecar serves (warming ones are left out of it). */
  private ClusterWarmth warmth(Sidecar sidecar) {
    return (cluster, timeout) -> {
      CompletableFuture<Boolean> warm = new CompletableFuture<>();
      scheduler.execute(() -> check(sidecar, cluster, System.nanoTime() + timeout.toNanos(), warm));
      return (CompletionStage<Boolean>) warm;
    };
  }

  private void check(
      Sidecar sidecar, String cluster, long deadline, CompletableFuture<Boolean> warm) {
    if (sidecar.config() != null && sidecar.config().cluster(cluster).isPresent()) {
      warm.complete(true);
    } else if (System.nanoTime() - deadline >= 0) {
      warm.complete(false);
    } else {
      scheduler.schedule(
          () -> check(sidecar, cluster, deadline, warm), POLL_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Stops answering apps, then ends the session cleanly, so its publications go at once. */
  @Override
  public void close() {
    agent.close();
    session.close(Duration.ofSeconds(3));
    channel.shutdownNow();
    scheduler.shutdownNow();
  }
}

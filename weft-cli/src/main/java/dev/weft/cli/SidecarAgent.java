package dev.weft.cli;

import dev.weft.cli.AgentOptions.StaticService;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.xds.ReplicaChannel;
import dev.weft.registry.agent.AgentSettings;
import dev.weft.registry.agent.ClusterWarmth;
import dev.weft.registry.agent.MeshAgent;
import dev.weft.registry.client.ClientState;
import dev.weft.registry.client.RegistrySession;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sidecar's registry side: its registry session (opened under its node id, so the control plane
 * builds its clusters and ingress listeners from it) and the SOFA mesh registry agent its apps talk
 * to. A cluster is warm once it is in the config the sidecar serves.
 *
 * <p>Given the registry's replicas, the session's channel stays on the first that answers and moves
 * down the list when it dies, as the ADS client's does over the same replicas ({@link
 * ReplicaChannel}); {@link #reconnectNow} lets the ADS client bring the session along.
 */
final class SidecarAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SidecarAgent.class);
  private static final long POLL_MILLIS = 20;

  private final ReplicaChannel channel;
  private final ScheduledExecutorService scheduler;
  private final RegistrySession session;
  private final MeshAgent agent;
  private boolean opened;
  private boolean lost;
  private Optional<String> replica = Optional.empty();
  private final CompletableFuture<Void> staticDemand;

  private SidecarAgent(
      List<HostPort> registry,
      AgentSettings settings,
      Sidecar sidecar,
      List<StaticService> publishes,
      List<StaticService> subscribes)
      throws IOException {
    channel = ReplicaChannel.create(registry, builder -> builder);
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
            this::logState);
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
        channel.describe(),
        settings.publishHost());
    List<CompletableFuture<Void>> registering = new ArrayList<>();
    for (StaticService subscribe : subscribes) {
      registering.add(agent.subscribe(subscribe.service(), subscribe.protocol()));
    }
    for (StaticService publish : publishes) {
      CompletableFuture<Void> published = agent.publish(publish.service(), publish.protocol());
      published.whenComplete(
          (ok, error) -> {
            if (error != null && !(unwrap(error) instanceof CancellationException)) {
              LOG.error(
                  "--publish {}: the registry refused it: {}", publish, unwrap(error).getMessage());
            }
          });
      registering.add(published);
    }
    staticDemand = CompletableFuture.allOf(registering.toArray(CompletableFuture[]::new));
  }

  /**
   * Waits, at most {@code timeout}, until the registry has taken every {@code --publish} and {@code
   * --subscribe}. The sidecar asks the control plane for its config only then, so that the first
   * config already has the clusters and ingress listeners they stand for and {@code /ready} means
   * the app can call: the control plane answers once the session is open, which is before the
   * session's publications and subscriptions arrive. It goes on as soon as the registry refuses one
   * (logged), and after the timeout (an unreachable registry: the session registers them when it
   * can). A {@code --publish} whose app does not listen yet is held by the agent until the app
   * answers (logged) and counts as taken at once: the sidecar does not wait for an app that starts
   * after it, and the control plane adds the ingress listener when the publication goes out.
   */
  void awaitStaticDemand(Duration timeout) throws InterruptedException {
    if (staticDemand.isDone()) {
      return;
    }
    long start = System.nanoTime();
    try {
      staticDemand.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info(
          "the registry has taken the static publications and subscriptions after {} ms",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } catch (TimeoutException e) {
      LOG.warn(
          "the registry has not taken the static publications and subscriptions within {} ms;"
              + " asking the control plane for the config anyway",
          timeout.toMillis());
    } catch (ExecutionException e) {
      // Logged above, with the publication it refused.
    }
  }

  /**
   * Opens the session, starts the agent, then publishes and subscribes what the app's static config
   * says ({@code --publish}, {@code --subscribe}); the session sends them once it is open, each
   * {@code --publish} once its app answers on its port (the agent checks each one here, for at most
   * the probe's connect timeout).
   */
  static SidecarAgent start(
      List<HostPort> registry,
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

  /**
   * If the registry session is waiting to reconnect, tries now: the ADS client calls this each time
   * it opens a stream, so that after an outage the session reaches the replica the stream reaches,
   * at the same time. Never blocks.
   */
  void reconnectNow() {
    session.reconnectNow();
  }

  /**
   * Called by the session, under its lock: only log and remember. An outage is logged once when it
   * starts and once when it ends, not at every retry.
   */
  private synchronized void logState(ClientState state) {
    if (state == ClientState.OPEN) {
      replica = channel.remoteAddress();
    }
    String registry = where();
    switch (state) {
      case OPEN -> {
        if (lost && opened) {
          LOG.info(
              "the registry at {} is back; the apps' publications and subscriptions are in place"
                  + " again",
              registry);
        } else if (!opened) {
          LOG.info("registry session on {} open", registry);
        }
        opened = true;
        lost = false;
      }
      case DISCONNECTED -> {
        if (!lost) {
          lost = true;
          if (opened) {
            LOG.warn(
                "lost the registry at {}; retrying (the apps' publications stay for the session"
                    + " TTL)",
                registry);
          } else {
            LOG.warn("cannot reach the registry at {} yet; retrying", registry);
          }
        }
      }
      case CLOSED -> LOG.info("registry session on {} closed", registry);
      default -> LOG.debug("registry session on {}: {}", registry, state);
    }
  }

  /**
   * The registry as configured when there is one; with replicas, the one the session is (or was
   * last) on, and the list.
   */
  private String where() {
    if (channel.replicas().size() == 1 || replica.isEmpty()) {
      return channel.describe();
    }
    return replica.get() + " (one of " + channel.describe() + ")";
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

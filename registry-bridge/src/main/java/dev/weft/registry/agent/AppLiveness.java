package dev.weft.registry.agent;

import dev.weft.registry.model.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the app's port of each protocol it publishes for ({@link AppProbe}): a TCP connection to
 * 127.0.0.1, where the sidecar's ingress sends the app's traffic. After {@code grace} without an
 * answer the protocol's publications are withdrawn from the registry; at the first answer after
 * that they are published again. While publications are held until the app first answers ({@link
 * AgentPublications#hold}), it probes every {@link #HOLD_INTERVAL} instead of every interval, so
 * they go out soon after the app listens.
 */
final class AppLiveness implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AppLiveness.class);
  static final String APP_HOST = "127.0.0.1";

  /** How often the app's ports are probed while publications are held. */
  static final Duration HOLD_INTERVAL = Duration.ofMillis(250);

  private final AppProbe probe;
  private final Map<Protocol, ProtocolPorts> ports;
  private final AgentPublications publications;
  private final ScheduledExecutorService scheduler;
  private final Map<Protocol, Long> unreachableSince = new ConcurrentHashMap<>();
  private ScheduledFuture<?> task;
  private boolean closed;

  AppLiveness(
      AppProbe probe,
      Map<Protocol, ProtocolPorts> ports,
      AgentPublications publications,
      ScheduledExecutorService scheduler) {
    this.probe = probe;
    this.ports = ports;
    this.publications = publications;
    this.scheduler = scheduler;
  }

  synchronized void start() {
    if (probe.enabled() && task == null && !closed) {
      schedule(nextDelay());
    }
  }

  /** Publications were just held: probes within {@link #HOLD_INTERVAL} rather than the interval. */
  synchronized void hurry() {
    // A task with a longer delay has not started: cancelling it cannot leave two rounds scheduled.
    // A round under way schedules the next one itself, at the hold interval.
    if (task != null && task.getDelay(TimeUnit.MILLISECONDS) > nextDelay().toMillis()) {
      task.cancel(false);
      schedule(nextDelay());
    }
  }

  /**
   * Whether the app answers on its port for {@code protocol} now; blocks for the connect timeout.
   */
  boolean answers(Protocol protocol) {
    return reachable(ports.get(protocol).app());
  }

  /** The app just published for {@code protocol}: it is up, whatever the last probe said. */
  void reset(Protocol protocol) {
    unreachableSince.remove(protocol);
  }

  /** How long the app's port for {@code protocol} has not answered; zero when it answers. */
  Duration unreachableFor(Protocol protocol) {
    Long since = unreachableSince.get(protocol);
    return since == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
  }

  boolean enabled() {
    return probe.enabled();
  }

  private void schedule(Duration delay) {
    task = scheduler.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private Duration nextDelay() {
    Duration every = probe.interval();
    return publications.holding() && HOLD_INTERVAL.compareTo(every) < 0 ? HOLD_INTERVAL : every;
  }

  private void round() {
    try {
      for (Protocol protocol : publications.protocols()) {
        probe(protocol, ports.get(protocol).app());
      }
    } catch (RuntimeException e) {
      log.warn("probing the app failed", e);
    }
    synchronized (this) {
      if (!closed) {
        schedule(nextDelay());
      }
    }
  }

  private void probe(Protocol protocol, int port) {
    if (reachable(port)) {
      Long since = unreachableSince.remove(protocol);
      boolean held = publications.held(protocol);
      int restored = publications.restore(protocol);
      if (restored > 0 && held) {
        log.info(
            "the app answers on {}:{}; published its {} {} service(s) held until then",
            APP_HOST,
            port,
            restored,
            protocol.id());
      } else if (restored > 0) {
        log.info(
            "the app answers on {}:{} again; published its {} {} service(s) again",
            APP_HOST,
            port,
            restored,
            protocol.id());
      } else if (since != null) {
        log.debug("the app answers on {}:{} again", APP_HOST, port);
      }
      return;
    }
    long now = System.nanoTime();
    long since = unreachableSince.computeIfAbsent(protocol, p -> now);
    if (since == now) {
      log.debug("the app does not answer on {}:{}", APP_HOST, port);
    }
    if (Duration.ofNanos(now - since).compareTo(probe.grace()) >= 0) {
      int withdrawn = publications.withdraw(protocol);
      if (withdrawn > 0) {
        log.warn(
            "the app has not answered on {}:{} for {} ms; withdrew its {} {} service(s) from the"
                + " registry until it answers",
            APP_HOST,
            port,
            Duration.ofNanos(now - since).toMillis(),
            withdrawn,
            protocol.id());
      }
    }
  }

  private boolean reachable(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(APP_HOST, port), (int) probe.connectTimeout().toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }
}

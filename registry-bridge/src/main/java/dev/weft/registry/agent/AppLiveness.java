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
 * that they are published again.
 */
final class AppLiveness implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AppLiveness.class);
  static final String APP_HOST = "127.0.0.1";

  private final AppProbe probe;
  private final Map<Protocol, ProtocolPorts> ports;
  private final AgentPublications publications;
  private final ScheduledExecutorService scheduler;
  private final Map<Protocol, Long> unreachableSince = new ConcurrentHashMap<>();
  private ScheduledFuture<?> task;

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
    if (probe.enabled() && task == null) {
      long every = probe.interval().toMillis();
      task = scheduler.scheduleWithFixedDelay(this::probeAll, every, every, TimeUnit.MILLISECONDS);
    }
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

  private void probeAll() {
    try {
      for (Protocol protocol : publications.protocols()) {
        probe(protocol, ports.get(protocol).app());
      }
    } catch (RuntimeException e) {
      log.warn("probing the app failed", e);
    }
  }

  private void probe(Protocol protocol, int port) {
    if (reachable(port)) {
      Long since = unreachableSince.remove(protocol);
      int restored = publications.restore(protocol);
      if (restored > 0) {
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
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }
}

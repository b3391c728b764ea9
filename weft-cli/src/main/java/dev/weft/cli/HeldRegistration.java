package dev.weft.cli;

import dev.weft.registry.client.ClientState;
import dev.weft.registry.client.RegistryException;
import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.model.Publication;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft register --hold}: one publication on a registry session, which reconnects and
 * publishes again when the registry comes back. Closing it ends the session cleanly, so the
 * registration goes at once.
 */
final class HeldRegistration implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeldRegistration.class);
  static final String CLIENT_NAME = "weft register";

  private final RegistryClient client;
  private final String what;
  private final ScheduledExecutorService scheduler;
  private RegistrySession session;
  private boolean opened;
  private boolean lost;

  private HeldRegistration(RegistryClient client, String what) {
    this.client = client;
    this.what = what;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "weft-register-session");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Publishes on a new session and waits until the registry has it.
   *
   * @throws CliException exit code 3 when the registry cannot be reached, 2 when it refuses
   */
  static HeldRegistration start(RegistryClient client, Publication publication, String what) {
    // A plain call first: when the registry is not there, it fails fast and says why.
    client.list(publication.service().dataId());
    HeldRegistration held = new HeldRegistration(client, what);
    try {
      held.publish(publication);
      return held;
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
  }

  private void publish(Publication publication) {
    RegistrySession opening =
        new RegistrySession(
            client.channel(), scheduler, CLIENT_NAME, publication.zone(), this::stateChanged);
    synchronized (this) {
      session = opening;
    }
    try {
      opening.publish(publication).get(RegistryClient.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RegistryException) {
        throw CliException.usage(e.getCause().getMessage(), e.getCause());
      }
      throw client.failed(e.getCause());
    } catch (TimeoutException e) {
      throw CliException.unreachable(
          "the registry",
          client.address().toString(),
          "no session within " + Durations.format(RegistryClient.DEADLINE),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.unreachable("the registry", client.address().toString(), "interrupted", e);
    }
  }

  /** Called by the session, under its lock: only log and remember. */
  private synchronized void stateChanged(ClientState state) {
    if (state == ClientState.OPEN) {
      if (lost) {
        LOG.info("the registry at {} is back; registering {} again", client.address(), what);
      }
      opened = true;
      lost = false;
    } else if (state == ClientState.DISCONNECTED && opened && !lost) {
      lost = true;
      LOG.warn(
          "lost the registry at {}; retrying (it keeps {} for its session TTL)",
          client.address(),
          what);
    }
  }

  /** Ends the session: the registry removes the registration at once. */
  @Override
  public void close() {
    RegistrySession closing;
    synchronized (this) {
      closing = session;
      session = null;
    }
    if (closing != null) {
      closing.close();
    }
    scheduler.shutdownNow();
  }
}

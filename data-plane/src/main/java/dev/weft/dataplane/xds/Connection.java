package dev.weft.dataplane.xds;

import io.grpc.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ADS connection's state for the status and the log: each change is logged once (connected,
 * lost, unreachable), not each retry. {@code address} is the control plane as configured (its
 * replicas, comma-separated); {@code replica} is the one a working stream goes to, when gRPC says.
 */
final class Connection {
  private static final Logger LOG = LoggerFactory.getLogger(AdsClient.class);

  /** {@code CONNECTING} until the first attempt ends. */
  enum State {
    CONNECTING,
    CONNECTED,
    DISCONNECTED
  }

  private final String address;
  private final Clock clock;
  private State state = State.CONNECTING;
  private Optional<String> replica = Optional.empty();
  private Instant since;
  private Optional<String> lastError = Optional.empty();
  private boolean everConnected;
  private boolean failureLogged;

  Connection(String address, Clock clock) {
    this.address = address;
    this.clock = clock;
    this.since = clock.instant();
  }

  /**
   * The stream works, to {@code at} (the replica's {@code ip:port}, when known); true if that is
   * news.
   */
  boolean connected(Optional<String> at) {
    if (state == State.CONNECTED) {
      if (at.isEmpty() || at.equals(replica)) {
        return false;
      }
      replica = at; // gRPC said which replica only now
      return true;
    }
    String where = at.map(this::describe).orElse(address);
    if (everConnected) {
      LOG.info("xDS: reconnected to the control plane at {}", where);
    } else {
      LOG.info("xDS: connected to the control plane at {}", where);
    }
    if (at.isPresent()) {
      replica = at;
    }
    everConnected = true;
    failureLogged = false;
    change(State.CONNECTED);
    return true;
  }

  /** A stream ended or could not start; {@code holding} is whether xDS resources are in use. */
  void failed(String reason, boolean holding) {
    lastError = Optional.of(reason);
    String serving = holding ? "the last accepted config" : "the static config";
    if (state == State.CONNECTED) {
      LOG.warn(
          "xDS: lost the control plane at {} ({}); serving {}, reconnecting with backoff",
          replica.map(this::describe).orElse(address),
          reason,
          serving);
    } else if (!failureLogged) {
      LOG.warn(
          "xDS: cannot reach the control plane at {} ({}); serving {}, retrying with backoff",
          address,
          reason,
          serving);
    } else {
      LOG.debug("xDS: still no control plane at {} ({})", address, reason);
    }
    failureLogged = true;
    if (state != State.DISCONNECTED) {
      change(State.DISCONNECTED);
    }
  }

  private void change(State next) {
    state = next;
    since = clock.instant();
    if (next != State.CONNECTED) {
      replica = Optional.empty();
    }
  }

  /** {@code ip:port}, and the list it is one of when there are several replicas. */
  private String describe(String at) {
    return address.contains(",") ? at + " (one of " + address + ")" : at;
  }

  /** The replica the stream is on while connected, when gRPC said which. */
  Optional<String> replica() {
    return replica;
  }

  State state() {
    return state;
  }

  Instant since() {
    return since;
  }

  Optional<String> lastError() {
    return lastError;
  }

  /**
   * Why a stream ended, from gRPC's status: {@code UNAVAILABLE: io exception (Connection refused)}.
   */
  static String reason(Throwable error) {
    if (error == null) {
      return "the control plane ended the stream";
    }
    Status status = Status.fromThrowable(error);
    StringBuilder reason = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null) {
      reason.append(": ").append(status.getDescription());
    }
    Throwable cause = status.getCause();
    if (cause != null && cause.getMessage() != null) {
      reason.append(" (").append(cause.getMessage()).append(')');
    }
    return reason.toString();
  }
}

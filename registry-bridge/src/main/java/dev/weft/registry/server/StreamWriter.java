package dev.weft.registry.server;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;

/**
 * Writes one server stream's messages from any thread, one at a time, honouring gRPC flow control.
 * While the client is not reading, control messages queue in order and pushes are coalesced: only
 * the latest per key is kept, since each carries a full list.
 */
final class StreamWriter<T> {
  private final ServerCallStreamObserver<T> out;
  private final Queue<T> ordered = new ArrayDeque<>();
  private final Map<Object, T> latest = new LinkedHashMap<>();
  private boolean done;

  StreamWriter(ServerCallStreamObserver<T> out) {
    this.out = out;
    out.setOnReadyHandler(this::drain);
  }

  /** A message that must arrive, in order with the other ordered ones. */
  synchronized void send(T message) {
    if (!done) {
      ordered.add(message);
      drain();
    }
  }

  /** A message that replaces any not yet sent with the same key. */
  synchronized void sendLatest(Object key, T message) {
    if (!done) {
      latest.put(key, message);
      drain();
    }
  }

  synchronized void complete() {
    if (!done) {
      done = true;
      drainAll();
      out.onCompleted();
    }
  }

  synchronized void fail(Throwable error) {
    if (!done) {
      done = true;
      out.onError(error);
    }
  }

  /** The client went away: nothing more is written. */
  synchronized void cancelled() {
    done = true;
    ordered.clear();
    latest.clear();
  }

  private synchronized void drain() {
    while (!done && out.isReady() && (!ordered.isEmpty() || !latest.isEmpty())) {
      out.onNext(next());
    }
  }

  private void drainAll() {
    while (!ordered.isEmpty() || !latest.isEmpty()) {
      out.onNext(next());
    }
  }

  private T next() {
    if (!ordered.isEmpty()) {
      return ordered.remove();
    }
    var iterator = latest.entrySet().iterator();
    T message = iterator.next().getValue();
    iterator.remove();
    return message;
  }
}

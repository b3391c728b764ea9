package dev.weft.registry.client;

import dev.weft.api.registry.v1.OpenSession;
import dev.weft.api.registry.v1.Publish;
import dev.weft.api.registry.v1.PushAck;
import dev.weft.api.registry.v1.RegistryGrpc;
import dev.weft.api.registry.v1.Scope;
import dev.weft.api.registry.v1.SessionRequest;
import dev.weft.api.registry.v1.SessionResponse;
import dev.weft.api.registry.v1.Subscribe;
import dev.weft.api.registry.v1.Synced;
import dev.weft.api.registry.v1.Unpublish;
import dev.weft.api.registry.v1.Unsubscribe;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.proto.RegistryProtos;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's session with the registry, kept open: it reconnects with a backoff when the stream
 * breaks, then publishes and subscribes again, so publications and subscriptions survive registry
 * restarts and failovers. Lists reach listeners only with growing versions, across reconnects.
 * {@link #close()} ends the session cleanly, removing its publications at once.
 *
 * <p>Each attempt waits for the channel to connect (gRPC's wait-for-ready) for up to {@link
 * #OPEN_TIMEOUT}, so it goes out the moment a registry (a replica, with a channel over several)
 * accepts a connection; once connected, it waits for the registry's answer. When the channel is a
 * {@link ManagedChannel}, its connect backoff is reset at each attempt, so that gRPC's own backoff,
 * which grows to two minutes, never holds a session back from a registry that is there again.
 */
public final class RegistrySession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RegistrySession.class);
  static final Duration MIN_BACKOFF = Duration.ofMillis(200);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /** How long an attempt waits for the channel to connect and the registry to open the session. */
  public static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);

  private record Key(ServiceId service, String registId) {}

  private final Channel channel;
  private final RegistryGrpc.RegistryStub stub;
  private final ScheduledExecutorService scheduler;
  private final String clientName;
  private final String zone;
  private final String nodeId;
  private final Consumer<ClientState> stateListener;
  private final Map<Key, Publication> publications = new LinkedHashMap<>();
  private final Map<Key, CompletableFuture<Void>> unconfirmed = new HashMap<>();
  private final Map<String, SubscriptionState> subscriptions = new LinkedHashMap<>();
  private final Map<Long, Runnable> onSuccess = new HashMap<>();
  private final Map<Long, Consumer<String>> onError = new HashMap<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private Stream stream;
  private long requestIds;
  private long subscriptionIds;
  private Duration backoff = MIN_BACKOFF;
  private ScheduledFuture<?> pendingReconnect;
  private boolean closing;

  public RegistrySession(
      Channel channel,
      ScheduledExecutorService scheduler,
      String clientName,
      String zone,
      Consumer<ClientState> stateListener) {
    this(channel, scheduler, clientName, zone, "", stateListener);
  }

  /**
   * A session opened on behalf of the xDS node {@code nodeId}: the control plane turns what it
   * subscribes to and publishes into that node's clusters and ingress listeners.
   */
  public RegistrySession(
      Channel channel,
      ScheduledExecutorService scheduler,
      String clientName,
      String zone,
      String nodeId,
      Consumer<ClientState> stateListener) {
    this.channel = channel;
    this.stub = RegistryGrpc.newStub(channel);
    this.scheduler = scheduler;
    this.clientName = clientName;
    this.zone = zone;
    this.nodeId = nodeId;
    this.stateListener = stateListener;
    synchronized (this) {
      connect();
    }
  }

  /** Publishes (or replaces) a publication; completes when the registry has stored it. */
  public synchronized CompletableFuture<Void> publish(Publication publication) {
    Key key = new Key(publication.service(), publication.registId());
    publications.put(key, publication);
    CompletableFuture<Void> done = unconfirmed.computeIfAbsent(key, k -> new CompletableFuture<>());
    if (stream != null && stream.open) {
      sendPublish(key, publication);
    }
    return done;
  }

  /** Withdraws a publication; completes when the registry has removed it. */
  public synchronized CompletableFuture<Void> unpublish(ServiceId service, String registId) {
    Key key = new Key(service, registId);
    publications.remove(key);
    CompletableFuture<Void> pending = unconfirmed.remove(key);
    if (pending != null) {
      pending.cancel(false);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (stream != null && stream.open) {
      long id =
          send(
              b ->
                  b.setUnpublish(
                      Unpublish.newBuilder()
                          .setKey(RegistryProtos.key(service))
                          .setRegistId(registId)));
      onSuccess.put(id, () -> done.complete(null));
      onError.put(id, e -> done.completeExceptionally(new RegistryException(e)));
    } else {
      done.complete(null); // a new session will not publish it
    }
    return done;
  }

  /** Subscribes; close the returned handle to unsubscribe. */
  public synchronized AutoCloseable subscribe(
      ServiceId service, Scope scope, SubscriptionListener listener) {
    String id = "s" + ++subscriptionIds;
    SubscriptionState state = new SubscriptionState(id, service, scope, listener);
    subscriptions.put(id, state);
    if (stream != null && stream.open) {
      sendSubscribe(state);
    }
    return () -> unsubscribe(id);
  }

  private synchronized void unsubscribe(String id) {
    if (subscriptions.remove(id) != null && stream != null && stream.open) {
      send(b -> b.setUnsubscribe(Unsubscribe.newBuilder().setSubscriptionId(id)));
    }
  }

  /** Ends the session cleanly and waits up to {@code timeout} for the registry to confirm. */
  public void close(Duration timeout) {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      if (stream != null && stream.open) {
        stream.requests.onCompleted();
      } else {
        if (stream != null) {
          stream.requests.onError(new IllegalStateException("closed before it opened"));
          stream = null;
        }
        closed.complete(null);
      }
    }
    try {
      closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.debug("the registry did not confirm the end of the session in {}", timeout);
    }
    synchronized (this) {
      if (stream != null) {
        stream.requests.onError(new IllegalStateException("closed"));
        stream = null;
      }
    }
    stateListener.accept(ClientState.CLOSED);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(3));
  }

  /**
   * If the session is waiting to reconnect, tries now instead of at the end of its backoff; if an
   * attempt is waiting for the channel, makes the channel try to connect now. For a caller that
   * knows the registry is probably there (a sidecar whose ADS stream to the same replicas is
   * opening). Never blocks.
   */
  public synchronized void reconnectNow() {
    if (closing || (stream != null && stream.open)) {
      return;
    }
    if (stream != null) {
      resetConnectBackoff();
      return;
    }
    if (pendingReconnect != null) {
      pendingReconnect.cancel(false);
      pendingReconnect = null;
    }
    log.debug("registry session: reconnecting now, ahead of its backoff");
    connect();
  }

  private void connect() {
    stateListener.accept(ClientState.CONNECTING);
    resetConnectBackoff();
    Stream next = new Stream();
    stream = next;
    next.requests = stub.withWaitForReady().session(next);
    next.requests.onNext(
        SessionRequest.newBuilder()
            .setOpen(
                OpenSession.newBuilder().setClientName(clientName).setZone(zone).setNodeId(nodeId))
            .build());
    next.openTimeout =
        scheduler.schedule(
            () -> openTimedOut(next), OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void resetConnectBackoff() {
    if (channel instanceof ManagedChannel managed) {
      managed.resetConnectBackoff();
    }
  }

  /**
   * An attempt that found no registry in time is abandoned, as a broken stream; one whose channel
   * is connected is on its way, and waits for the registry's answer as long as it takes.
   */
  private synchronized void openTimedOut(Stream attempt) {
    if (attempt != stream || attempt.open || closing) {
      return;
    }
    if (channel instanceof ManagedChannel managed
        && managed.getState(false) == ConnectivityState.READY) {
      attempt.openTimeout =
          scheduler.schedule(
              () -> openTimedOut(attempt), OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    attempt.timedOut = true;
    attempt.requests.onError(new IllegalStateException("not opened in " + OPEN_TIMEOUT));
  }

  private synchronized void opened(Stream opened, String sessionId) {
    if (opened != stream) {
      return;
    }
    opened.open = true;
    if (opened.openTimeout != null) {
      opened.openTimeout.cancel(false);
    }
    backoff = MIN_BACKOFF;
    log.debug("registry session {} open", sessionId);
    publications.forEach(this::sendPublish);
    subscriptions.values().forEach(this::sendSubscribe);
    send(b -> b.setSynced(Synced.getDefaultInstance()));
    stateListener.accept(ClientState.OPEN);
  }

  private void sendPublish(Key key, Publication publication) {
    long id =
        send(
            b ->
                b.setPublish(
                    Publish.newBuilder().setPublication(RegistryProtos.publication(publication))));
    onSuccess.put(
        id,
        () -> {
          CompletableFuture<Void> done = unconfirmed.remove(key);
          if (done != null) {
            done.complete(null);
          }
        });
    onError.put(
        id,
        error -> {
          publications.remove(key);
          CompletableFuture<Void> done = unconfirmed.remove(key);
          if (done != null) {
            done.completeExceptionally(new RegistryException(error));
          }
        });
  }

  private void sendSubscribe(SubscriptionState state) {
    long id =
        send(
            b ->
                b.setSubscribe(
                    Subscribe.newBuilder()
                        .setSubscriptionId(state.id)
                        .setKey(RegistryProtos.key(state.service))
                        .setScope(state.scope)));
    onError.put(
        id,
        error -> {
          subscriptions.remove(state.id);
          state.listener.onRefused(error);
        });
  }

  private long send(Consumer<SessionRequest.Builder> kind) {
    long id = ++requestIds;
    SessionRequest.Builder builder = SessionRequest.newBuilder().setRequestId(id);
    kind.accept(builder);
    stream.requests.onNext(builder.build());
    return id;
  }

  private synchronized void result(Stream from, long requestId, String error) {
    if (from != stream) {
      return;
    }
    Runnable success = onSuccess.remove(requestId);
    Consumer<String> failure = onError.remove(requestId);
    if (error.isEmpty()) {
      if (success != null) {
        success.run();
      }
    } else if (failure != null) {
      failure.accept(error);
    } else {
      log.warn("the registry refused a request: {}", error);
    }
  }

  private synchronized void push(Stream from, dev.weft.api.registry.v1.Push push) {
    SubscriptionState state = subscriptions.get(push.getSubscriptionId());
    if (from != stream || state == null) {
      return;
    }
    var snapshot = RegistryProtos.snapshot("push.endpoints", push.getEndpoints());
    if (snapshot.version() > state.version) {
      state.version = snapshot.version();
      state.listener.onList(snapshot);
    }
    send(
        b ->
            b.setAck(
                PushAck.newBuilder()
                    .setSubscriptionId(state.id)
                    .setVersion(push.getEndpoints().getVersion())));
  }

  private synchronized void broken(Stream broken, Throwable error) {
    if (broken != stream) {
      return;
    }
    stream = null;
    if (broken.openTimeout != null) {
      broken.openTimeout.cancel(false);
    }
    onSuccess.clear();
    onError.clear();
    if (closing) {
      closed.complete(null);
      return;
    }
    String reason =
        broken.timedOut
            ? "no registry answered within " + OPEN_TIMEOUT.toMillis() + " ms"
            : error == null ? "closed by the registry" : error.getMessage();
    if (backoff.equals(MIN_BACKOFF)) {
      log.info("registry session lost ({}); reconnecting", reason);
    } else {
      log.debug("registry session still lost ({}); next try in {} ms", reason, backoff.toMillis());
    }
    stateListener.accept(ClientState.DISCONNECTED);
    Duration delay = backoff;
    backoff =
        backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    pendingReconnect = scheduler.schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void reconnect() {
    pendingReconnect = null;
    if (!closing && stream == null) {
      connect();
    }
  }

  private static final class SubscriptionState {
    final String id;
    final ServiceId service;
    final Scope scope;
    final SubscriptionListener listener;
    long version = -1;

    SubscriptionState(String id, ServiceId service, Scope scope, SubscriptionListener listener) {
      this.id = id;
      this.service = service;
      this.scope = scope;
      this.listener = listener;
    }
  }

  /** One gRPC stream; a reconnect makes a new one and ignores the old one's late messages. */
  private final class Stream implements StreamObserver<SessionResponse> {
    StreamObserver<SessionRequest> requests;
    ScheduledFuture<?> openTimeout;
    boolean open;
    boolean timedOut;

    @Override
    public void onNext(SessionResponse response) {
      switch (response.getKindCase()) {
        case OPENED:
          opened(this, response.getOpened().getSessionId());
          break;
        case RESULT:
          result(this, response.getResult().getRequestId(), response.getResult().getError());
          break;
        case PUSH:
          push(this, response.getPush());
          break;
        default:
          break;
      }
    }

    @Override
    public void onError(Throwable t) {
      broken(this, t);
    }

    @Override
    public void onCompleted() {
      broken(this, null);
    }
  }
}

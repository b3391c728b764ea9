package dev.weft.registry.server;

import dev.weft.api.registry.v1.Push;
import dev.weft.api.registry.v1.Result;
import dev.weft.api.registry.v1.Scope;
import dev.weft.api.registry.v1.ServiceEndpoints;
import dev.weft.api.registry.v1.SessionOpened;
import dev.weft.api.registry.v1.SessionRequest;
import dev.weft.api.registry.v1.SessionResponse;
import dev.weft.registry.model.InvalidRegistrationException;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.Subscription;
import dev.weft.registry.proto.RegistryProtos;
import dev.weft.registry.store.StoreSession;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client session: the first message opens a store session, the others publish, unpublish,
 * subscribe and unsubscribe in the order they came. A half-close ends the session cleanly (its
 * publications go at once); a broken stream abandons it (they go after the TTL).
 */
final class SessionStream implements StreamObserver<SessionRequest> {
  private static final Logger log = LoggerFactory.getLogger(SessionStream.class);

  private final RegistryNode node;
  private final StreamWriter<SessionResponse> writer;
  private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
  private CompletableFuture<StoreSession> session;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
  private String zone = "";
  private String client = "";
  private SessionDirectory.Entry directoryEntry;
  private volatile boolean ended;

  SessionStream(RegistryNode node, ServerCallStreamObserver<SessionResponse> out) {
    this.node = node;
    this.writer = new StreamWriter<>(out);
    out.setOnCancelHandler(
        () -> {
          writer.cancelled();
          end(false);
        });
  }

  @Override
  public synchronized void onNext(SessionRequest request) {
    if (session == null) {
      open(request);
      return;
    }
    tail =
        tail.thenCompose(v -> session)
            .thenCompose(s -> handle(s, request))
            .exceptionally(
                e -> {
                  reply(request.getRequestId(), describe(e));
                  return null;
                });
  }

  private void open(SessionRequest request) {
    if (!request.hasOpen()) {
      writer.fail(
          Status.INVALID_ARGUMENT
              .withDescription("the first message of a session must be open")
              .asRuntimeException());
      session = CompletableFuture.failedFuture(new IllegalStateException("not opened"));
      return;
    }
    client = request.getOpen().getClientName();
    zone = request.getOpen().getZone();
    String nodeId = request.getOpen().getNodeId();
    if (!nodeId.isEmpty()) {
      directoryEntry = node.sessions().open(this, nodeId, zone);
    }
    session = node.store().openSession(client);
    session.whenComplete(
        (s, error) -> {
          if (error != null) {
            log.warn("cannot open a session for '{}': {}", client, describe(error));
            writer.fail(
                Status.UNAVAILABLE
                    .withDescription(
                        "registry store " + node.store().describe() + ": " + describe(error))
                    .asRuntimeException());
            return;
          }
          log.debug("session {} opened for '{}'", s.id(), client);
          writer.send(
              SessionResponse.newBuilder()
                  .setOpened(
                      SessionOpened.newBuilder()
                          .setSessionId(s.id())
                          .setTtlMillis(node.store().sessionTtl().toMillis()))
                  .build());
        });
  }

  private CompletableFuture<Void> handle(StoreSession s, SessionRequest request) {
    long id = request.getRequestId();
    switch (request.getKindCase()) {
      case PUBLISH:
        Publication publication =
            RegistryProtos.publication(
                "publish.publication", request.getPublish().getPublication(), zone);
        return s.publish(publication)
            .thenRun(
                () -> {
                  if (directoryEntry != null) {
                    node.sessions().published(directoryEntry, publication);
                  }
                  reply(id, "");
                });
      case UNPUBLISH:
        ServiceId service =
            RegistryProtos.service("unpublish.key", request.getUnpublish().getKey());
        String registId = request.getUnpublish().getRegistId();
        return s.unpublish(service, registId)
            .thenRun(
                () -> {
                  if (directoryEntry != null) {
                    node.sessions().unpublished(directoryEntry, service, registId);
                  }
                  reply(id, "");
                });
      case SUBSCRIBE:
        subscribe(id, request);
        return CompletableFuture.completedFuture(null);
      case UNSUBSCRIBE:
        String unsubscribed = request.getUnsubscribe().getSubscriptionId();
        AutoCloseable subscription = subscriptions.remove(unsubscribed);
        closeQuietly(subscription);
        if (subscription != null && directoryEntry != null) {
          node.sessions().unsubscribed(directoryEntry, unsubscribed);
        }
        reply(id, subscription == null ? "unsubscribe: no such subscription" : "");
        return CompletableFuture.completedFuture(null);
      case ACK:
        return CompletableFuture.completedFuture(null);
      case SYNCED:
        if (directoryEntry != null) {
          node.sessions().synced(directoryEntry);
        }
        return CompletableFuture.completedFuture(null);
      case OPEN:
        reply(id, "open: the session is already open");
        return CompletableFuture.completedFuture(null);
      default:
        reply(id, "request: expected open, publish, unpublish, subscribe, unsubscribe or ack");
        return CompletableFuture.completedFuture(null);
    }
  }

  private void subscribe(long id, SessionRequest request) {
    var subscribe = request.getSubscribe();
    String subscriptionId = subscribe.getSubscriptionId();
    if (subscriptionId.isEmpty()) {
      throw new InvalidRegistrationException("subscribe.subscription_id", "a non-empty id", "''");
    }
    if (subscriptions.containsKey(subscriptionId)) {
      throw new InvalidRegistrationException(
          "subscribe.subscription_id", "an id not in use in this session", subscriptionId);
    }
    ServiceId service = RegistryProtos.service("subscribe.key", subscribe.getKey());
    if (ended) {
      return;
    }
    boolean zoneOnly = subscribe.getScope() == Scope.SCOPE_ZONE;
    if (zoneOnly && zone.isEmpty()) {
      throw new InvalidRegistrationException(
          "subscribe.scope", "a session opened with a zone for SCOPE_ZONE", "no zone");
    }
    reply(id, "");
    if (directoryEntry != null) {
      node.sessions()
          .subscribed(directoryEntry, subscriptionId, new Subscription(service, zoneOnly));
    }
    subscriptions.put(
        subscriptionId,
        node.fanout()
            .subscribe(
                service,
                snapshot ->
                    push(
                        subscriptionId,
                        zoneOnly
                            ? RegistryProtos.snapshot(snapshot.inZone(zone))
                            : node.encoded().encode(snapshot))));
  }

  private void push(String subscriptionId, ServiceEndpoints list) {
    writer.sendLatest(
        subscriptionId,
        SessionResponse.newBuilder()
            .setPush(Push.newBuilder().setSubscriptionId(subscriptionId).setEndpoints(list))
            .build());
  }

  private void reply(long requestId, String error) {
    writer.send(
        SessionResponse.newBuilder()
            .setResult(Result.newBuilder().setRequestId(requestId).setError(error))
            .build());
  }

  @Override
  public void onError(Throwable t) {
    end(false);
  }

  @Override
  public void onCompleted() {
    end(true);
  }

  /** Ends the session: cleanly (publications go now) or not (they go after the TTL). */
  private synchronized void end(boolean clean) {
    if (ended) {
      return;
    }
    ended = true;
    subscriptions.values().forEach(SessionStream::closeQuietly);
    subscriptions.clear();
    if (directoryEntry != null) {
      node.sessions().close(this, directoryEntry);
    }
    if (session == null) {
      writer.complete();
      return;
    }
    CompletableFuture<StoreSession> opened = session;
    tail.whenComplete(
        (v, e) ->
            opened.whenComplete(
                (s, error) -> {
                  if (s == null) {
                    writer.complete();
                  } else if (clean) {
                    s.close().whenComplete((done, closeError) -> writer.complete());
                  } else {
                    log.debug("session {} of '{}' broke; it expires after the TTL", s.id(), client);
                    s.abandon();
                  }
                }));
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.debug("closing a subscription failed", e);
      }
    }
  }

  static String describe(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }
}

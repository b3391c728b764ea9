package dev.weft.registry.store.etcd;

import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.store.PublicationKey;
import dev.weft.registry.store.StoreSession;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session of the etcd store: one lease, the session key and the session's publications on it. The
 * session remembers its publications, so that when etcd loses the lease it takes a new one and
 * writes them all again under the same keys: subscribers see the same session id throughout.
 *
 * <p>Its state belongs to the store's executor; the public methods hand their work to it.
 */
final class EtcdSession implements StoreSession {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdSession.class);

  private enum State {
    OPENING,
    OPEN,
    CLOSED,
    ABANDONED
  }

  private final StoreContext context;
  private final String id;
  private final String clientName;
  private final Instant openedAt;
  private final KV kv;
  private final WriteQueue writes;
  private final LeaseKeeper keeper;
  private final SessionLeases leases;
  private final Consumer<EtcdSession> onEnd;
  private final AtomicReference<State> state = new AtomicReference<>(State.OPENING);
  private final Map<PublicationKey, ByteSequence> publications = new HashMap<>();
  private long leaseId;
  private CompletableFuture<Long> ready = new CompletableFuture<>();
  private boolean recovering;

  EtcdSession(StoreContext context, String id, String clientName, Consumer<EtcdSession> onEnd) {
    this.context = context;
    this.id = id;
    this.clientName = clientName;
    this.openedAt = Instant.now();
    this.kv = context.client().getKVClient();
    this.writes = new WriteQueue(context.retrier());
    this.keeper = new LeaseKeeper(context, id, this::leaseLost);
    this.leases = new SessionLeases(context, id);
    this.onEnd = onEnd;
  }

  /** Takes the first lease and writes the session key; on the executor. */
  void open(CompletableFuture<StoreSession> opened) {
    leases
        .grantAndWrite(
            this::sessionValue,
            List.of(),
            () -> opened.isDone() ? ended() : context.storeClosedReason(),
            this::leaseGranted)
        .whenCompleteAsync(
            (lease, error) -> {
              if (error != null || !state.compareAndSet(State.OPENING, State.OPEN)) {
                end(State.ABANDONED);
                opened.completeExceptionally(error != null ? error : ended());
                return;
              }
              ready.complete(lease);
              keeper.renew(lease);
              if (!opened.complete(this)) {
                // The caller gave up waiting: nobody will use or close this session.
                abandon();
              }
            },
            context.executor());
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public CompletableFuture<Void> publish(Publication publication) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    if (state.get() != State.OPEN) {
      return CompletableFuture.failedFuture(ended());
    }
    PublicationKey key = new PublicationKey(publication.service(), id, publication.registId());
    ByteSequence value = ValueCodec.encode(publication, clientName, System.currentTimeMillis());
    context.execute(
        () -> {
          if (state.get() != State.OPEN) {
            result.completeExceptionally(ended());
            return;
          }
          publications.put(key, value);
          ByteSequence etcdKey = context.layout().publication(key);
          writes.submit(
              "session " + id + ": put " + text(etcdKey),
              () -> put(etcdKey, value),
              this::endedReason,
              result);
          result.whenCompleteAsync(
              (response, error) -> {
                // etcd refused it (too large, say): writing it again after a new lease would fail
                // the same way.
                if (error != null && publications.get(key) == value) {
                  publications.remove(key);
                }
              },
              context.executor());
        },
        result);
    return result.thenApply(response -> null);
  }

  @Override
  public CompletableFuture<Boolean> unpublish(ServiceId service, String registId) {
    if (state.get() != State.OPEN) {
      return CompletableFuture.failedFuture(ended());
    }
    PublicationKey key = new PublicationKey(service, id, registId);
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    context.execute(
        () -> {
          if (state.get() != State.OPEN) {
            result.completeExceptionally(ended());
          } else if (publications.remove(key) == null) {
            // Only this session writes its keys, and only after its earlier writes have settled.
            result.complete(false);
          } else {
            ByteSequence etcdKey = context.layout().publication(key);
            CompletableFuture<Object> deleted = new CompletableFuture<>();
            writes.submit(
                "session " + id + ": delete " + text(etcdKey),
                () -> kv.delete(etcdKey).thenApply(response -> (Object) response),
                this::endedReason,
                deleted);
            deleted.whenComplete(
                (response, error) -> {
                  if (error == null) {
                    result.complete(true);
                  } else {
                    result.completeExceptionally(error);
                  }
                });
          }
        },
        result);
    return result;
  }

  @Override
  public CompletableFuture<Void> close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!state.compareAndSet(State.OPEN, State.CLOSED)) {
      return CompletableFuture.completedFuture(null);
    }
    context.execute(
        () -> {
          end(State.CLOSED);
          List<ByteSequence> keys = new ArrayList<>();
          keys.add(context.layout().session(id));
          publications.keySet().forEach(k -> keys.add(context.layout().publication(k)));
          publications.clear();
          leases.revokeOrDelete(leaseId, keys, done);
        },
        done);
    return done;
  }

  @Override
  public void abandon() {
    if (state.compareAndSet(State.OPEN, State.ABANDONED)) {
      context.execute(() -> end(State.ABANDONED));
    }
  }

  private void end(State how) {
    state.set(how);
    keeper.stop();
    writes.failPending(ended());
    ready.completeExceptionally(ended());
    onEnd.accept(this);
  }

  /** Puts with the current lease; a lease etcd no longer knows starts the recovery. */
  private CompletableFuture<Object> put(ByteSequence key, ByteSequence value) {
    return ready.thenCompose(
        lease ->
            kv.put(key, value, PutOption.builder().withLeaseId(lease).build())
                .whenComplete(
                    (response, error) -> {
                      if (error != null && EtcdErrors.isLeaseNotFound(error)) {
                        context.execute(() -> leaseLost(lease));
                      }
                    })
                .thenApply(response -> (Object) response));
  }

  private void leaseGranted(long lease) {
    leaseId = lease;
  }

  /** etcd lost {@code lost}: take a new lease and write everything again, same keys. */
  private void leaseLost(long lost) {
    if (state.get() != State.OPEN || recovering || lost != leaseId) {
      return;
    }
    recovering = true;
    if (ready.isDone()) {
      ready = new CompletableFuture<>();
    }
    context.counters().leaseRegranted();
    LOG.warn(
        "session {} ({}): etcd lost lease {}; taking a new one and writing {} publication(s) again",
        id,
        clientName,
        Long.toHexString(lost),
        publications.size());
    List<Map.Entry<ByteSequence, ByteSequence>> entries = new ArrayList<>();
    publications.forEach((k, v) -> entries.add(Map.entry(context.layout().publication(k), v)));
    CompletableFuture<Long> next = ready;
    leases
        .grantAndWrite(this::sessionValue, entries, this::endedReason, this::leaseGranted)
        .whenCompleteAsync(
            (lease, error) -> {
              recovering = false;
              if (state.get() != State.OPEN) {
                return;
              }
              if (error == null) {
                LOG.info("session {}: now on lease {}", id, Long.toHexString(lease));
                next.complete(lease);
                keeper.renew(lease);
              } else {
                LOG.warn(
                    "session {}: taking a new lease failed ({}); trying again in {} s",
                    id,
                    EtcdErrors.describe(error),
                    context.ttlSeconds());
                context
                    .executor()
                    .schedule(() -> leaseLost(leaseId), context.ttlSeconds(), TimeUnit.SECONDS);
              }
            },
            context.executor());
  }

  private static String text(ByteSequence key) {
    return key.toString(StandardCharsets.UTF_8);
  }

  private ByteSequence sessionValue(long lease) {
    return ValueCodec.session(clientName, lease, openedAt);
  }

  private RuntimeException endedReason() {
    State current = state.get();
    return current == State.OPEN || current == State.OPENING ? null : ended();
  }

  private IllegalStateException ended() {
    return new IllegalStateException("session " + id + " has ended");
  }
}

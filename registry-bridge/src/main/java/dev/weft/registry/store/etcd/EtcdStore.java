package dev.weft.registry.store.etcd;

import dev.weft.registry.etcd.EtcdClients;
import dev.weft.registry.etcd.EtcdEndpoints;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.store.PublicationKey;
import dev.weft.registry.store.RegistryStore;
import dev.weft.registry.store.StoreListener;
import dev.weft.registry.store.StoreSession;
import dev.weft.registry.store.StoreWatch;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

/**
 * The registry on etcd ({@code --store etcd}), shared by every control-plane replica that uses the
 * same etcd and root prefix. Keys and values are laid out as {@code docs/registry.md} describes.
 *
 * <p>It promises what {@link RegistryStore} promises, across etcd restarts, leader changes and
 * compaction: a session keeps its lease alive itself, and takes a new one and writes its
 * publications again if etcd loses it; writes are retried until they succeed, their session ends or
 * their caller gives up, and never overtake an earlier write of the same session; watches deliver
 * every change once, in revision order, on the store's single thread, and read everything again
 * ({@code reset}) when etcd compacted what they still needed.
 */
public final class EtcdStore implements RegistryStore {
  private final StoreContext context;
  private final String description;
  private final boolean ownsClient;
  private final boolean ownsExecutor;
  private final KV kv;
  private final PublicationDecoder decoder;
  private final WriteQueue persistentWrites;
  private final SecureRandom random = new SecureRandom();
  private final Set<EtcdSession> sessions = ConcurrentHashMap.newKeySet();
  private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** A store with its own client and thread for these endpoints. */
  public EtcdStore(EtcdEndpoints endpoints, EtcdStoreSettings settings) {
    this(EtcdClients.connect(endpoints), endpoints, settings, null, true);
  }

  /**
   * A store on a client someone else owns and closes.
   *
   * @param endpoints what {@code client} connects to, for {@link #describe()}
   * @param executor a single-threaded executor for the store's state and its listeners (which the
   *     caller shuts down), or null for a daemon thread of the store's own
   */
  public EtcdStore(
      Client client,
      EtcdEndpoints endpoints,
      EtcdStoreSettings settings,
      ScheduledExecutorService executor) {
    this(client, endpoints, settings, executor, false);
  }

  private EtcdStore(
      Client client,
      EtcdEndpoints endpoints,
      EtcdStoreSettings settings,
      ScheduledExecutorService executor,
      boolean ownsClient) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(endpoints, "endpoints");
    Objects.requireNonNull(settings, "settings");
    this.description = "etcd " + endpoints;
    this.ownsClient = ownsClient;
    this.ownsExecutor = executor == null;
    ScheduledExecutorService thread = executor != null ? executor : newThread();
    StoreCounters counters = new StoreCounters();
    this.context =
        new StoreContext(
            client,
            thread,
            new Retrier(thread, settings.requestTimeout()),
            new KeyLayout(settings.rootPrefix()),
            settings,
            counters,
            () -> closed);
    this.kv = client.getKVClient();
    this.decoder = new PublicationDecoder(context.layout(), counters);
    this.persistentWrites = new WriteQueue(context.retrier());
  }

  private static ScheduledExecutorService newThread() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "weft-registry-etcd");
              thread.setDaemon(true);
              return thread;
            });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public Duration sessionTtl() {
    return Duration.ofSeconds(context.ttlSeconds());
  }

  /** The root prefix every key of this store starts with. */
  public String rootPrefix() {
    return context.layout().root();
  }

  /** How many keys under the prefix were skipped because their key or value was unusable. */
  public long skippedValues() {
    return context.counters().skippedValues();
  }

  /** How many times a session took a new lease because etcd had lost its old one. */
  public long leaseRegrants() {
    return context.counters().leaseRegrants();
  }

  @Override
  public CompletableFuture<StoreSession> openSession(String clientName) {
    Objects.requireNonNull(clientName, "clientName");
    CompletableFuture<StoreSession> opened = new CompletableFuture<>();
    if (closed) {
      return CompletableFuture.failedFuture(closedError());
    }
    EtcdSession session = new EtcdSession(context, newSessionId(), clientName, sessions::remove);
    sessions.add(session);
    context.execute(() -> session.open(opened), opened);
    return opened;
  }

  @Override
  public CompletableFuture<Boolean> putPersistent(Publication publication) {
    PublicationKey key =
        new PublicationKey(
            publication.service(), PublicationKey.PERSISTENT, publication.registId());
    ByteSequence etcdKey = context.layout().publication(key);
    ByteSequence value = ValueCodec.encode(publication, "", System.currentTimeMillis());
    PutOption withPrevious = PutOption.builder().withPrevKV().build();
    // A retry after a put that committed without an answer sees that put as the previous value.
    return persistent(
        "put " + etcdKey.toString(StandardCharsets.UTF_8),
        () -> kv.put(etcdKey, value, withPrevious).thenApply(response -> response.hasPrevKv()));
  }

  @Override
  public CompletableFuture<Boolean> deletePersistent(ServiceId service, String registId) {
    PublicationKey key = new PublicationKey(service, PublicationKey.PERSISTENT, registId);
    ByteSequence etcdKey = context.layout().publication(key);
    return persistent(
        "delete " + etcdKey.toString(StandardCharsets.UTF_8),
        () -> kv.delete(etcdKey).thenApply(response -> response.getDeleted() > 0));
  }

  private CompletableFuture<Boolean> persistent(
      String what, Supplier<CompletableFuture<Boolean>> call) {
    if (closed) {
      return CompletableFuture.failedFuture(closedError());
    }
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    context.execute(
        () -> persistentWrites.submit(what, call, context::storeClosedReason, result), result);
    return result;
  }

  @Override
  public StoreWatch watch(StoreListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (closed) {
      throw closedError();
    }
    EtcdWatch watch = new EtcdWatch(context, decoder, listener, watches::remove);
    watches.add(watch);
    watch.start();
    return watch;
  }

  /**
   * Stops renewing every session's lease (their publications expire after the TTL, as after a
   * crash), ends every watch, and closes the client and thread if the store made them.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List.copyOf(sessions).forEach(EtcdSession::abandon);
    List.copyOf(watches).forEach(EtcdWatch::close);
    persistentWrites.failPending(closedError());
    if (ownsExecutor) {
      // Runs what is queued (sessions ending), drops timers and retries.
      context.executor().shutdown();
    }
    if (ownsClient) {
      context.client().close();
    }
  }

  private String newSessionId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static IllegalStateException closedError() {
    return new IllegalStateException("the etcd store is closed");
  }
}

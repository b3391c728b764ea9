package dev.weft.dataplane.xds;

import dev.weft.dataplane.admin.XdsStatus;
import dev.weft.dataplane.config.SidecarConfig;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ConnectivityState;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's xDS client: one state-of-the-world ADS stream to the control plane (docs/
 * xds-client.md). Wildcard LDS and CDS, RDS and EDS for the names those reference; each response is
 * checked, translated on top of the static config and applied, then ACKed, or NACKed with nothing
 * changed. When the stream breaks or the control plane cannot be reached, the last applied config
 * keeps serving and the client reconnects with jittered exponential backoff, presenting the
 * versions it holds. Given several control-plane replicas, it stays on the first that answers and
 * moves down the list when that one dies ({@link ReplicaChannel}).
 *
 * <p>Everything runs on one thread of its own ({@code weft-xds}), which is also the gRPC channel's
 * executor: responses are handled in the order they arrive, never on the data plane's event loops.
 */
public final class AdsClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdsClient.class);

  /** A stream open this long on a ready channel counts as connected without a response. */
  private static final Duration SETTLE = Duration.ofSeconds(1);

  private final AdsSettings settings;
  private final Node node;
  private final AdsState state;
  private final Reconnects reconnects;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final ReplicaChannel channel;
  private final Connection connection;
  private final Runnable beforeEachStream;
  private volatile XdsStatus status;
  private volatile boolean closed;

  // Owned by the executor thread.
  private int generation;
  private ClientCallStreamObserver<DiscoveryRequest> requests;
  private boolean nodeSent;
  private boolean responded;
  private Instant streamStart = Instant.EPOCH;

  private AdsClient(
      AdsSettings settings,
      XdsTranslation translation,
      SidecarConfig base,
      Consumer<SidecarConfig> apply,
      Runnable beforeEachStream,
      Clock clock) {
    this.settings = settings;
    this.beforeEachStream = beforeEachStream;
    this.node = NodeProtos.toProto(settings.node());
    this.clock = clock;
    this.state = new AdsState(translation, base, apply, clock);
    this.connection = new Connection(ReplicaChannel.describe(settings.controlPlanes()), clock);
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "weft-xds");
              thread.setDaemon(true);
              return thread;
            });
    this.channel =
        ReplicaChannel.create(
            settings.controlPlanes(),
            builder -> builder.executor(executor).userAgent(NodeProtos.USER_AGENT));
    this.reconnects =
        new Reconnects(
            channel,
            executor,
            this::run,
            new Backoff(settings.initialBackoff(), settings.maxBackoff()));
    publish();
  }

  /**
   * A client that applies each accepted config with {@code apply} ({@code Sidecar::update}); it
   * translates on top of {@code base}, the static config. Nothing happens until {@link #start}.
   * {@code beforeEachStream} runs on the client's thread each time it opens a stream (the sidecar
   * nudges its registry session with it, so that after an outage the session reconnects with the
   * stream, to the same replica); it must not block.
   */
  public static AdsClient create(
      AdsSettings settings,
      XdsTranslation translation,
      SidecarConfig base,
      Consumer<SidecarConfig> apply,
      Runnable beforeEachStream) {
    return new AdsClient(settings, translation, base, apply, beforeEachStream, Clock.systemUTC());
  }

  /** Opens the stream; an unreachable control plane is retried, never an error. */
  public void start() {
    LOG.info("xDS: node '{}' asking {} for its config over ADS", node.getId(), channel.describe());
    run(this::connect);
  }

  /**
   * Completes once the first full config has been applied: LDS and CDS accepted, and every listener
   * and cluster warm. It never completes exceptionally; it may never complete.
   */
  public CompletableFuture<Void> ready() {
    return state.ready().thenApply(nothing -> nothing);
  }

  /** The client's state for the admin API; cheap, never blocks. */
  public XdsStatus status() {
    return status;
  }

  /** Cancels the stream and stops; the sidecar keeps the config it has. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      executor.submit(this::cancelStream).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("xDS: cancelling the stream", e);
    }
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }

  // ---- on the executor ----

  private void connect() {
    if (closed) {
      return;
    }
    int current = ++generation;
    nodeSent = false;
    responded = false;
    streamStart = clock.instant();
    try {
      beforeEachStream.run();
    } catch (RuntimeException e) {
      LOG.warn("xDS: before opening the stream", e);
    }
    channel.resetConnectBackoff();
    requests =
        (ClientCallStreamObserver<DiscoveryRequest>)
            AggregatedDiscoveryServiceGrpc.newStub(channel)
                .streamAggregatedResources(new Responses(current));
    send(state.streamStarted());
    watchChannel(current);
  }

  private void send(List<DiscoveryRequest> toSend) {
    for (DiscoveryRequest request : toSend) {
      DiscoveryRequest withNode = request;
      if (!nodeSent) {
        withNode = request.toBuilder().setNode(node).build();
        nodeSent = true;
      }
      try {
        requests.onNext(withNode);
      } catch (RuntimeException e) {
        LOG.debug("xDS: the stream closed while sending", e);
        return;
      }
    }
  }

  private void onResponse(int stream, DiscoveryResponse response) {
    if (stream != generation || closed) {
      return;
    }
    responded = true;
    connected();
    send(state.onResponse(response));
    publish();
  }

  private void onStreamEnd(int stream, Throwable error) {
    if (stream != generation || closed) {
      return;
    }
    generation++;
    requests = null;
    boolean lived = responded || !streamStart.plus(settings.maxBackoff()).isAfter(clock.instant());
    if (lived) {
      reconnects.reset();
    }
    connection.failed(Connection.reason(error), !state.held().equals(XdsResources.EMPTY));
    publish();
    Duration delay = reconnects.schedule(this::connect);
    LOG.debug("xDS: next attempt in {} ms at the latest", delay.toMillis());
  }

  /** Connected once the channel is ready and the stream stays open, or a response arrives. */
  private void watchChannel(int stream) {
    if (stream != generation || closed) {
      return;
    }
    ConnectivityState now = channel.getState(false);
    if (now == ConnectivityState.READY) {
      executor.schedule(
          () -> {
            if (stream == generation && channel.getState(false) == ConnectivityState.READY) {
              connected();
              publish();
            }
          },
          SETTLE.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    channel.notifyWhenStateChanged(now, () -> run(() -> watchChannel(stream)));
  }

  private void connected() {
    if (connection.connected(channel.remoteAddress())) {
      publish();
    }
  }

  private void cancelStream() {
    if (requests != null) {
      requests.cancel("the sidecar is stopping", null);
      requests = null;
    }
    generation++;
  }

  private void publish() {
    status =
        new XdsStatus(
            channel.describe(),
            connection.state().name(),
            connection.replica(),
            connection.since(),
            connection.lastError(),
            state.isReady(),
            state.warmingListeners(),
            state.warmingClusters(),
            state.typeStatuses());
  }

  private void run(Runnable task) {
    if (closed) {
      return;
    }
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("xDS: the client is closed", e);
    }
  }

  /** The response side of one stream; gRPC calls it on the executor. */
  private final class Responses implements StreamObserver<DiscoveryResponse> {
    private final int stream;

    Responses(int stream) {
      this.stream = stream;
    }

    @Override
    public void onNext(DiscoveryResponse response) {
      onResponse(stream, response);
    }

    @Override
    public void onError(Throwable error) {
      onStreamEnd(stream, error);
    }

    @Override
    public void onCompleted() {
      onStreamEnd(stream, null);
    }
  }
}

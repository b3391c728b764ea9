package dev.weft.dataplane.proxy;

import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.network.Timeouts;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.Protocol;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ResponseHead;
import dev.weft.dataplane.protocol.ServerStream;
import dev.weft.dataplane.protocol.ServerStreamListener;
import dev.weft.dataplane.router.Route;
import dev.weft.dataplane.router.Router;
import dev.weft.dataplane.stream.FilterCallbacks;
import dev.weft.dataplane.stream.RequestInfo;
import dev.weft.dataplane.stream.ResponseFlag;
import dev.weft.dataplane.stream.StreamFilterChain;
import dev.weft.dataplane.upstream.Cluster;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.PoolFailure;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One downstream request, from its head to the end of its response: stream filters, routing, a host
 * and a try per attempt ({@link UpstreamRequest}), timeouts, retries and the final accounting.
 * Everything happens on the downstream connection's event loop.
 */
final class DownstreamRequest implements ServerStreamListener, FilterCallbacks {
  private final ProxyListener listener;
  private final ServerStream downstream;
  private final RequestInfo info;
  private final List<Host> tried = new ArrayList<>(2);
  private StreamFilterChain filters = StreamFilterChain.empty();
  private RequestHead head;
  private HeaderMap trailers;
  private boolean requestEnded;
  private final RequestBody body = new RequestBody();
  private Route route;
  private Cluster cluster;
  private Protocol upstreamProtocol;
  private Map<String, String> metadataMatch = Map.of();
  private OptionalLong hashKey = OptionalLong.empty();
  private RetryState retries;
  private boolean retryBreakerHeld;
  private boolean requestBreakerHeld;
  private UpstreamRequest upstream;
  private final Timeouts timeouts;
  private Timeouts.Timeout timeout;
  private Timeouts.Timeout perTryTimeout;
  private ResponseHead responseHead;
  private int creditOwedDownstream;
  private int creditOwedUpstream;
  private boolean done;

  DownstreamRequest(ProxyListener listener, ServerStream downstream, Timeouts timeouts) {
    this.listener = listener;
    this.downstream = downstream;
    this.timeouts = timeouts;
    this.info =
        new RequestInfo("", downstream.connection(), System.nanoTime(), System.currentTimeMillis());
  }

  // ----- downstream events -----

  @Override
  public void onHeaders(RequestHead head, boolean endStream) {
    this.head = head;
    this.requestEnded = endStream;
    info.setProtocol(head.protocol());
    if (endStream) {
      info.requestComplete(System.nanoTime());
    }
    listener.stats.requestTotal.inc();
    listener.stats.requestActive.inc();
    listener.global.requestTotal.inc();
    listener.global.requestActive.inc();
    filters = listener.newFilterChain();
    if (filters.onRequestHeaders(head, this)) {
      route();
    }
  }

  @Override
  public void onData(ByteBuf data, boolean endStream) {
    int bytes = data.readableBytes();
    info.addBytesReceived(bytes);
    if (endStream) {
      requestEnded = true;
      info.requestComplete(System.nanoTime());
    }
    if (done) {
      data.release();
      downstream.consumed(bytes);
      return;
    }
    if (upstream != null && upstream.isReady()) {
      upstream.sendData(body.passThrough(data), endStream);
      creditDownstream(bytes);
    } else {
      body.add(data);
      creditOwedDownstream += bytes;
    }
  }

  @Override
  public void onTrailers(HeaderMap trailers) {
    requestEnded = true;
    info.requestComplete(System.nanoTime());
    this.trailers = trailers;
    if (!done && upstream != null && upstream.isReady()) {
      upstream.sendTrailers(trailers);
    }
  }

  @Override
  public void onReset(ResetReason reason) {
    if (done) {
      return;
    }
    info.addFlag(ResponseFlag.DOWNSTREAM_CONNECTION_TERMINATION);
    listener.stats.requestReset.inc();
    if (upstream != null) {
      upstream.reset();
    }
    finish();
  }

  @Override
  public void onWritabilityChanged(boolean writable) {
    if (writable && creditOwedUpstream > 0 && upstream != null) {
      upstream.consumed(creditOwedUpstream);
      creditOwedUpstream = 0;
    }
  }

  // ----- FilterCallbacks -----

  @Override
  public EventLoop eventLoop() {
    return downstream.eventLoop();
  }

  @Override
  public RequestInfo info() {
    return info;
  }

  @Override
  public void sendLocalReply(LocalReply reply) {
    reply(reply, null);
  }

  @Override
  public void resume() {
    if (!done && filters.onRequestHeaders(head, this)) {
      route();
    }
  }

  // ----- routing -----

  private void route() {
    Router router = listener.routers.get(listener.routerName);
    route = router == null ? null : router.route(head);
    if (route == null) {
      reply(
          LocalReply.of(LocalReply.Kind.NO_ROUTE, "no route for " + describe(head) + "\n"),
          ResponseFlag.NO_ROUTE_FOUND);
      return;
    }
    RouteAction action = route.action();
    if (action instanceof RouteAction.DirectResponse) {
      RouteAction.DirectResponse direct = (RouteAction.DirectResponse) action;
      reply(
          new LocalReply(LocalReply.Kind.DIRECT, direct.status(), direct.body(), List.of()), null);
      return;
    }
    if (action instanceof RouteAction.Redirect) {
      RouteAction.Redirect redirect = (RouteAction.Redirect) action;
      reply(
          new LocalReply(
              LocalReply.Kind.DIRECT,
              redirect.responseCode(),
              "",
              List.of(Map.entry("location", Redirects.location(redirect, head)))),
          null);
      return;
    }
    forward((RouteAction.Forward) action);
  }

  private void forward(RouteAction.Forward forward) {
    Route.ClusterChoice choice = route.cluster(head).orElse(null);
    cluster = choice == null ? null : listener.clusters.get(choice.name());
    if (cluster == null) {
      String what = choice == null ? "for " + describe(head) : "'" + choice.name() + "'";
      reply(
          LocalReply.of(LocalReply.Kind.NO_CLUSTER, "no cluster " + what + "\n"),
          ResponseFlag.NO_CLUSTER_FOUND);
      return;
    }
    info.setUpstreamCluster(cluster.name());
    metadataMatch = choice.metadataMatch();
    HeaderMutator.apply(route.requestMutations(), head.headers());
    forward.prefixRewrite().ifPresent(this::rewritePrefix);
    forward.hostRewrite().ifPresent(head::setAuthority);
    if (!cluster.circuitBreaker().tryRequest()) {
      cluster.stats().requestOverflow.inc();
      reply(
          LocalReply.of(LocalReply.Kind.OVERFLOW, "upstream overflow\n"),
          ResponseFlag.UPSTREAM_OVERFLOW);
      return;
    }
    requestBreakerHeld = true;
    upstreamProtocol = listener.upstreamProtocol(forward, head);
    hashKey = HashKeys.compute(forward.hashPolicies(), head, downstream.connection());
    retries = new RetryState(forward.retry());
    if (retries.mayRetryAfterSending()) {
      body.enableRetryBuffer();
    }
    Duration limit = head.timeout().orElse(forward.timeout());
    if (!limit.isZero()) {
      timeout = timeouts.schedule(limit.toNanos(), this::onTimeout);
    }
    startAttempt();
  }

  private void rewritePrefix(String replacement) {
    RouteMatch.PathMatch match = route.config().match().path().orElse(null);
    if (match instanceof RouteMatch.Prefix) {
      String prefix = ((RouteMatch.Prefix) match).prefix();
      String path = head.path();
      if (path.startsWith(prefix)) {
        head.setPath(replacement + path.substring(prefix.length()));
      }
    }
  }

  private void startAttempt() {
    if (done) {
      return;
    }
    Host host =
        cluster.choose(
            new LbContext(hashKey, metadataMatch, tried.isEmpty() ? Set.of() : Set.copyOf(tried)));
    if (host == null) {
      cluster.stats().noHealthyUpstream.inc();
      reply(
          LocalReply.of(
              LocalReply.Kind.NO_HEALTHY_UPSTREAM,
              "no healthy upstream in cluster '" + cluster.name() + "'\n"),
          ResponseFlag.NO_HEALTHY_UPSTREAM);
      return;
    }
    tried.add(host);
    info.setUpstreamHost(host.addressText());
    upstream = new UpstreamRequest(this, cluster, host);
    retries
        .perTryTimeout()
        .ifPresent(t -> perTryTimeout = timeouts.schedule(t.toNanos(), this::onPerTryTimeout));
    upstream.start(listener.pools.get(eventLoop(), host, upstreamProtocol));
  }

  // ----- upstream events -----

  void onUpstreamReady(UpstreamRequest attempt) {
    if (attempt != upstream || done) {
      return;
    }
    List<ByteBuf> chunks = body.takeUnsent(tried.size() > 1);
    boolean headersEnd = requestEnded && chunks.isEmpty() && trailers == null;
    attempt.sendHeaders(head, headersEnd);
    for (int i = 0; i < chunks.size(); i++) {
      boolean last = i == chunks.size() - 1;
      attempt.sendData(chunks.get(i), last && requestEnded && trailers == null);
    }
    if (trailers != null) {
      attempt.sendTrailers(trailers);
    }
    if (head.oneway()) {
      // No response will come: the request is done once it is on its way.
      attempt.sentOneway();
      info.setResponseCode(200);
      finish();
      return;
    }
    int owed = creditOwedDownstream;
    creditOwedDownstream = 0;
    creditDownstream(owed);
  }

  void onUpstreamHeaders(UpstreamRequest attempt, ResponseHead response, boolean endStream) {
    if (attempt != upstream || done) {
      response.release();
      return;
    }
    cancel(perTryTimeout);
    if (requestEnded && retries.canRetryStatus(response.status(), body.replayable())) {
      response.release();
      retry(attempt, false);
      return;
    }
    body.stopKeeping();
    info.firstResponseByte(System.nanoTime());
    info.setResponseCode(response.status());
    filters.onResponseHeaders(response);
    HeaderMutator.apply(route.responseMutations(), response.headers());
    responseHead = response;
    downstream.sendHeaders(response, endStream);
    if (endStream) {
      finish();
    }
  }

  void onUpstreamData(UpstreamRequest attempt, ByteBuf data, boolean endStream) {
    if (attempt != upstream || done) {
      data.release();
      return;
    }
    int bytes = data.readableBytes();
    info.addBytesSent(bytes);
    downstream.sendData(data, endStream);
    if (downstream.isWritable()) {
      attempt.consumed(bytes);
    } else {
      creditOwedUpstream += bytes;
    }
    if (endStream) {
      finish();
    }
  }

  void onUpstreamTrailers(UpstreamRequest attempt, HeaderMap responseTrailers) {
    if (attempt != upstream || done) {
      return;
    }
    downstream.sendTrailers(responseTrailers);
    finish();
  }

  void onUpstreamReset(UpstreamRequest attempt, ResetReason reason) {
    if (attempt != upstream || done) {
      return;
    }
    cancel(perTryTimeout);
    boolean connectFailure = reason == ResetReason.CONNECTION_FAILURE;
    if (!downstream.responseStarted()
        && (connectFailure
            ? retries.canRetryConnectFailure()
            : retries.canRetryAfterSending(body.replayable()))) {
      retry(attempt, connectFailure);
      return;
    }
    ResponseFlag flag =
        connectFailure
            ? ResponseFlag.UPSTREAM_CONNECTION_FAILURE
            : reason == ResetReason.CONNECTION_TERMINATION
                ? ResponseFlag.UPSTREAM_CONNECTION_TERMINATION
                : ResponseFlag.UPSTREAM_REMOTE_RESET;
    failUpstream(
        flag,
        connectFailure ? LocalReply.Kind.UPSTREAM_CONNECT_FAILURE : LocalReply.Kind.UPSTREAM_RESET,
        "upstream connect error or disconnect/reset before headers: "
            + reason.name().toLowerCase()
            + " (cluster '"
            + cluster.name()
            + "', host "
            + attempt.host().address()
            + ")\n",
        reason);
  }

  void onUpstreamPoolFailure(UpstreamRequest attempt, PoolFailure failure) {
    if (attempt != upstream || done) {
      return;
    }
    if (failure == PoolFailure.OVERFLOW) {
      cancel(perTryTimeout);
      reply(
          LocalReply.of(LocalReply.Kind.OVERFLOW, "upstream overflow\n"),
          ResponseFlag.UPSTREAM_OVERFLOW);
      return;
    }
    onUpstreamReset(attempt, ResetReason.CONNECTION_FAILURE);
  }

  void onUpstreamWritabilityChanged(boolean writable) {
    if (writable && creditOwedDownstream > 0 && upstream != null && upstream.isReady()) {
      int owed = creditOwedDownstream;
      creditOwedDownstream = 0;
      downstream.consumed(owed);
    }
  }

  // ----- timeouts and retries -----

  private void onTimeout() {
    if (done) {
      return;
    }
    info.addFlag(ResponseFlag.UPSTREAM_REQUEST_TIMEOUT);
    cluster.stats().requestTimeout.inc();
    if (upstream != null) {
      upstream.reset();
    }
    if (!downstream.responseStarted()) {
      reply(LocalReply.of(LocalReply.Kind.TIMEOUT, "upstream request timeout\n"), null);
    } else {
      downstream.reset(ResetReason.LOCAL_RESET);
      finish();
    }
  }

  private void onPerTryTimeout() {
    if (done || upstream == null) {
      return;
    }
    cluster.stats().requestTimeout.inc();
    if (!downstream.responseStarted() && retries.canRetryAfterSending(body.replayable())) {
      retry(upstream, false);
    } else {
      onTimeout();
    }
  }

  private void retry(UpstreamRequest attempt, boolean connectFailure) {
    attempt.reset();
    releaseRetryBreaker();
    if (!cluster.circuitBreaker().tryRetry()) {
      cluster.stats().requestRetryOverflow.inc();
      failUpstream(
          ResponseFlag.UPSTREAM_RETRY_LIMIT_EXCEEDED,
          LocalReply.Kind.OVERFLOW,
          "upstream retry limit exceeded\n",
          ResetReason.OVERFLOW);
      return;
    }
    retryBreakerHeld = true;
    retries.consume();
    cluster.stats().requestRetry.inc();
    upstream = null;
    long backoff = retries.backoffMillis(connectFailure);
    if (backoff == 0) {
      startAttempt();
    } else {
      eventLoop().schedule(this::startAttempt, backoff, TimeUnit.MILLISECONDS);
    }
  }

  private void failUpstream(
      ResponseFlag flag, LocalReply.Kind kind, String message, ResetReason reason) {
    if (!downstream.responseStarted()) {
      reply(LocalReply.of(kind, message), flag);
    } else {
      info.addFlag(flag);
      downstream.reset(reason);
      finish();
    }
  }

  // ----- endings -----

  private void reply(LocalReply reply, ResponseFlag flag) {
    if (done) {
      return;
    }
    if (flag != null) {
      info.addFlag(flag);
    }
    if (upstream != null) {
      upstream.reset();
    }
    info.setResponseCode(reply.httpStatus());
    downstream.sendLocalReply(reply);
    finish();
  }

  private void finish() {
    if (done) {
      return;
    }
    done = true;
    info.end(System.nanoTime());
    cancel(timeout);
    cancel(perTryTimeout);
    body.releaseAll();
    if (creditOwedDownstream > 0) {
      downstream.consumed(creditOwedDownstream);
      creditOwedDownstream = 0;
    }
    if (creditOwedUpstream > 0 && upstream != null) {
      // Response bytes handed downstream while it was not writable: the stream is over, so the
      // upstream connection (HTTP/1's read gate) must get them back now.
      upstream.consumed(creditOwedUpstream);
      creditOwedUpstream = 0;
    }
    if (requestBreakerHeld) {
      cluster.circuitBreaker().releaseRequest();
    }
    releaseRetryBreaker();
    account();
    filters.onDestroy();
    if (head != null) {
      head.release();
    }
  }

  private void account() {
    long nanos = info.durationNanos();
    account(listener.stats, nanos);
    account(listener.global, nanos);
    for (int i = 0; i < listener.accessLogs.size(); i++) {
      listener.accessLogs.get(i).log(info, head, responseHead);
    }
  }

  private void account(ListenerStats stats, long nanos) {
    stats.requestActive.dec();
    stats.requestTime.recordNanos(nanos);
    int code = info.responseCode();
    if (code > 0) {
      stats.responseCode(code);
    }
    if (code >= 500 || code == 0) {
      stats.requestFailed.inc();
    }
  }

  private void releaseRetryBreaker() {
    if (retryBreakerHeld) {
      retryBreakerHeld = false;
      cluster.circuitBreaker().releaseRetry();
    }
  }

  private void creditDownstream(int bytes) {
    if (bytes == 0) {
      return;
    }
    if (upstream != null && upstream.isWritable()) {
      downstream.consumed(bytes);
    } else {
      creditOwedDownstream += bytes;
    }
  }

  private static void cancel(Timeouts.Timeout pending) {
    if (pending != null) {
      pending.cancel();
    }
  }

  private static String describe(RequestHead head) {
    if (!head.path().isEmpty()) {
      return head.method() + " " + head.authority() + head.path();
    }
    String service = head.headers().get("service");
    return service == null ? head.protocol() + " request" : "service '" + service + "'";
  }
}

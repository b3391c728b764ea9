package dev.weft.dataplane.network;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The worker event loops and the state each one owns: its {@link Flusher} and whatever upper layers
 * attach (connection pools). Upstream connections are made on the downstream connection's loop, so
 * that a request never crosses threads.
 */
public final class EventLoops implements AutoCloseable {
  private final Transport transport;
  private final EventLoopGroup acceptors;
  private final EventLoopGroup workers;
  private final Map<EventLoop, Flusher> flushers = new ConcurrentHashMap<>();
  private final Map<EventLoop, Timeouts> timeouts = new ConcurrentHashMap<>();

  private EventLoops(Transport transport, EventLoopGroup acceptors, EventLoopGroup workers) {
    this.transport = transport;
    this.acceptors = acceptors;
    this.workers = workers;
  }

  /** One acceptor loop and {@code workers} worker loops on {@code transport}. */
  public static EventLoops create(Transport transport, int workers) {
    return new EventLoops(
        transport,
        transport.newEventLoopGroup(1, "weft-accept"),
        transport.newEventLoopGroup(workers, "weft-worker"));
  }

  public Transport transport() {
    return transport;
  }

  public EventLoopGroup acceptors() {
    return acceptors;
  }

  public EventLoopGroup workers() {
    return workers;
  }

  /** The flusher of {@code loop}; use it only on that loop. */
  public Flusher flusher(EventLoop loop) {
    return flushers.computeIfAbsent(loop, Flusher::new);
  }

  /** The request timeouts of {@code loop}; use them only on that loop. */
  public Timeouts timeouts(EventLoop loop) {
    return timeouts.computeIfAbsent(loop, Timeouts::new);
  }

  /**
   * Completes once every worker loop has finished the task it runs now and those queued before this
   * call: from then on no loop still acts on what it read before. A loop that is the caller, or
   * that has shut down, counts as passed at once.
   */
  public CompletableFuture<Void> pass() {
    List<CompletableFuture<Void>> passed = new ArrayList<>();
    for (EventExecutor loop : workers) {
      if (loop.inEventLoop()) {
        continue;
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      try {
        loop.execute(() -> done.complete(null));
      } catch (RejectedExecutionException shutDown) {
        continue;
      }
      passed.add(done);
    }
    return CompletableFuture.allOf(passed.toArray(CompletableFuture[]::new));
  }

  @Override
  public void close() {
    acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}

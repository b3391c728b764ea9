package dev.weft.dataplane.upstream;

import dev.weft.dataplane.network.EventLoops;
import dev.weft.dataplane.protocol.Protocol;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every event loop's connection pools, by host and protocol. A loop touches only its own pools, so
 * they need no locks; other threads reach them by submitting tasks to the loop.
 */
public final class ConnectionPools {
  private final EventLoops loops;
  private final Map<EventLoop, LoopPools> perLoop = new ConcurrentHashMap<>();

  public ConnectionPools(EventLoops loops) {
    this.loops = loops;
  }

  /** The pool for {@code host} in {@code protocol} on {@code loop}; call on that loop. */
  public ConnectionPool get(EventLoop loop, Host host, Protocol protocol) {
    LoopPools pools = perLoop.get(loop); // no lambda on the request path
    if (pools == null) {
      pools = perLoop.computeIfAbsent(loop, LoopPools::new);
    }
    return pools.get(host, protocol);
  }

  /** Drains the pools of hosts that left their clusters, on every loop. */
  public void drain(Collection<Host> hosts) {
    List<Host> removed = new ArrayList<>(hosts);
    perLoop.forEach((loop, pools) -> loop.execute(() -> pools.drain(removed)));
  }

  /** Closes every pooled connection, on every loop. */
  public void closeAll() {
    perLoop.forEach((loop, pools) -> loop.execute(pools::closeAll));
  }

  /** The pools of one event loop. */
  private final class LoopPools {
    private final EventLoop loop;
    private final Map<Host, Map<Protocol, ConnectionPool>> pools = new IdentityHashMap<>();

    LoopPools(EventLoop loop) {
      this.loop = loop;
    }

    ConnectionPool get(Host host, Protocol protocol) {
      Map<Protocol, ConnectionPool> byProtocol = pools.get(host);
      if (byProtocol == null) {
        byProtocol = new IdentityHashMap<>();
        pools.put(host, byProtocol);
      }
      ConnectionPool pool = byProtocol.get(protocol);
      if (pool == null) {
        pool = new ConnectionPool(host, protocol, loop, loops, () -> remove(host, protocol));
        byProtocol.put(protocol, pool);
      }
      return pool;
    }

    void drain(List<Host> hosts) {
      for (Host host : hosts) {
        Map<Protocol, ConnectionPool> byProtocol = pools.get(host);
        if (byProtocol != null) {
          new ArrayList<>(byProtocol.values()).forEach(ConnectionPool::drain);
        }
      }
    }

    void closeAll() {
      for (Map<Protocol, ConnectionPool> byProtocol : new ArrayList<>(pools.values())) {
        new ArrayList<>(byProtocol.values()).forEach(ConnectionPool::close);
      }
    }

    private void remove(Host host, Protocol protocol) {
      Map<Protocol, ConnectionPool> byProtocol = pools.get(host);
      if (byProtocol != null) {
        byProtocol.remove(protocol);
        if (byProtocol.isEmpty()) {
          pools.remove(host);
        }
      }
    }
  }
}

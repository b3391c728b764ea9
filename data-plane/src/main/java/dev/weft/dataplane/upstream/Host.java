package dev.weft.dataplane.upstream;

import dev.weft.dataplane.config.HostPort;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream endpoint. Its address, weight and metadata are fixed; its health and load change.
 * When a cluster is updated, a host with the same address keeps its object, so its load counts and
 * pooled connections survive the update.
 */
public final class Host {
  private final HostPort address;
  private final String addressText;
  private final InetSocketAddress socketAddress;
  private final int weight;
  private final Map<String, String> metadata;
  private final String zone;
  private final AtomicInteger activeRequests = new AtomicInteger();
  private volatile boolean healthy = true;
  private volatile boolean removed;

  public Host(
      HostPort address,
      InetSocketAddress socketAddress,
      int weight,
      Map<String, String> metadata,
      String zone) {
    this.address = address;
    this.addressText = address.toString();
    this.socketAddress = socketAddress;
    this.weight = Math.max(1, weight);
    this.metadata = Map.copyOf(metadata);
    this.zone = zone == null ? "" : zone;
  }

  public HostPort address() {
    return address;
  }

  /** {@link #address()} as text ({@code host:port}), for logs and request records. */
  public String addressText() {
    return addressText;
  }

  /** The resolved address to connect to. */
  public InetSocketAddress socketAddress() {
    return socketAddress;
  }

  public int weight() {
    return weight;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public String zone() {
    return zone;
  }

  public boolean isHealthy() {
    return healthy;
  }

  public void setHealthy(boolean healthy) {
    this.healthy = healthy;
  }

  /**
   * Whether the host has left every cluster. It never comes back: a host added again later is a new
   * object. A request that chose it before it left may still reach its connection pool.
   */
  public boolean isRemoved() {
    return removed;
  }

  void markRemoved() {
    removed = true;
  }

  /** Requests in flight to this host, across every event loop. */
  public int activeRequests() {
    return activeRequests.get();
  }

  public void requestStarted() {
    activeRequests.incrementAndGet();
  }

  public void requestEnded() {
    activeRequests.decrementAndGet();
  }

  /** Whether this host is the same endpoint with the same settings as {@code other}. */
  public boolean sameAs(Host other) {
    return address.equals(other.address)
        && weight == other.weight
        && metadata.equals(other.metadata)
        && zone.equals(other.zone);
  }

  @Override
  public String toString() {
    return address.toString();
  }
}

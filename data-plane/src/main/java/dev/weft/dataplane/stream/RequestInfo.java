package dev.weft.dataplane.stream;

import dev.weft.dataplane.protocol.ConnectionInfo;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Set;

/**
 * What is known about one request as it is proxied: timings, sizes, the chosen upstream and how it
 * ended. Owned by the stream's event loop; read by access logs and metrics when the stream ends.
 */
public final class RequestInfo {
  private final long startNanos;
  private final long startMillis;
  private String protocol;
  private final ConnectionInfo downstream;
  private Set<ResponseFlag> flags = Set.of();
  private long requestCompleteNanos;
  private long firstResponseNanos;
  private long endNanos;
  private long bytesReceived;
  private long bytesSent;
  private int responseCode;
  private String upstreamCluster = "";
  private String upstreamHost = "";
  private InetSocketAddress upstreamLocalAddress;
  private String routeName = "";

  public RequestInfo(
      String protocol, ConnectionInfo downstream, long startNanos, long startMillis) {
    this.protocol = protocol;
    this.downstream = downstream;
    this.startNanos = startNanos;
    this.startMillis = startMillis;
  }

  public String protocol() {
    return protocol;
  }

  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  public ConnectionInfo downstream() {
    return downstream;
  }

  public long startMillis() {
    return startMillis;
  }

  public long startNanos() {
    return startNanos;
  }

  public void requestComplete(long nanos) {
    if (requestCompleteNanos == 0) {
      requestCompleteNanos = nanos;
    }
  }

  public void firstResponseByte(long nanos) {
    if (firstResponseNanos == 0) {
      firstResponseNanos = nanos;
    }
  }

  public void end(long nanos) {
    if (endNanos == 0) {
      endNanos = nanos;
    }
  }

  public boolean ended() {
    return endNanos != 0;
  }

  /** Nanoseconds from the start until the request was fully received; -1 if it never was. */
  public long requestReceivedNanos() {
    return requestCompleteNanos == 0 ? -1 : requestCompleteNanos - startNanos;
  }

  /** Nanoseconds from the start until the response head arrived; -1 if it never did. */
  public long responseReceivedNanos() {
    return firstResponseNanos == 0 ? -1 : firstResponseNanos - startNanos;
  }

  /** Nanoseconds from the start to the end. */
  public long durationNanos() {
    return (endNanos == 0 ? System.nanoTime() : endNanos) - startNanos;
  }

  public void addBytesReceived(long bytes) {
    bytesReceived += bytes;
  }

  public void addBytesSent(long bytes) {
    bytesSent += bytes;
  }

  public long bytesReceived() {
    return bytesReceived;
  }

  public long bytesSent() {
    return bytesSent;
  }

  public int responseCode() {
    return responseCode;
  }

  public void setResponseCode(int code) {
    this.responseCode = code;
  }

  public void addFlag(ResponseFlag flag) {
    if (flags.isEmpty()) {
      flags = EnumSet.noneOf(ResponseFlag.class);
    }
    flags.add(flag);
  }

  public Set<ResponseFlag> flags() {
    return flags;
  }

  public boolean hasFlag(ResponseFlag flag) {
    return flags.contains(flag);
  }

  public String upstreamCluster() {
    return upstreamCluster;
  }

  public void setUpstreamCluster(String cluster) {
    this.upstreamCluster = cluster;
  }

  public String upstreamHost() {
    return upstreamHost;
  }

  public void setUpstreamHost(String host) {
    this.upstreamHost = host;
  }

  public InetSocketAddress upstreamLocalAddress() {
    return upstreamLocalAddress;
  }

  public void setUpstreamLocalAddress(InetSocketAddress address) {
    this.upstreamLocalAddress = address;
  }

  public String routeName() {
    return routeName;
  }

  public void setRouteName(String name) {
    this.routeName = name;
  }

  /** The flags as Envoy prints them: {@code UH,UF}, or {@code -} when none. */
  public String flagCodes() {
    if (flags.isEmpty()) {
      return "-";
    }
    StringBuilder codes = new StringBuilder();
    for (ResponseFlag flag : flags) {
      if (codes.length() > 0) {
        codes.append(',');
      }
      codes.append(flag.code());
    }
    return codes.toString();
  }
}

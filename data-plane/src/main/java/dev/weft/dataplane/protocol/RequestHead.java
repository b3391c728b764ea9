package dev.weft.dataplane.protocol;

import java.time.Duration;
import java.util.Optional;

/**
 * The head of a request in whichever protocol it arrived: method, path, authority and headers.
 * Implementations wrap the codec's own objects; changes write through to them, so a request
 * forwarded in its own protocol is re-encoded without conversion.
 *
 * <p>A head may hold buffer memory (an RPC head is its whole frame). The {@link
 * ServerStreamListener} that received it owns it and calls {@link #release()} once the exchange is
 * over; {@link ClientStream#sendHeaders} does not take it, since a retry may send it again.
 */
public interface RequestHead {
  /** The registered name of the protocol the request arrived in, for example {@code Http1}. */
  String protocol();

  /** {@code GET}, {@code POST}...; for RPC protocols the invoked method, or empty. */
  String method();

  /** The path with its query ({@code /a/b?x=1}); empty for RPC protocols. */
  String path();

  void setPath(String path);

  /** Whether {@link #path()} starts with {@code prefix}; a codec may answer without a String. */
  default boolean pathStartsWith(String prefix) {
    return path().startsWith(prefix);
  }

  /** The Host header or {@code :authority}; empty when absent. */
  String authority();

  void setAuthority(String authority);

  /** {@code http} or {@code https}. */
  String scheme();

  HeaderMap headers();

  /** A timeout the request carries itself (Bolt's timeout field); empty for HTTP. */
  default Optional<Duration> timeout() {
    return Optional.empty();
  }

  /** Whether no response will ever come (Bolt oneway, Dubbo without two-way). */
  default boolean oneway() {
    return false;
  }

  /** Frees what the head holds; idempotent. */
  default void release() {}
}

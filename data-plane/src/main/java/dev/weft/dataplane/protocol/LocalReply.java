package dev.weft.dataplane.protocol;

import java.util.List;
import java.util.Map;

/**
 * A response the sidecar makes itself: a route's direct response or redirect, or an error such as
 * "no healthy upstream". Each codec renders it in its own protocol (an HTTP status, a Bolt or Dubbo
 * error status).
 */
public record LocalReply(
    Kind kind, int httpStatus, String body, List<Map.Entry<String, String>> headers) {

  public LocalReply {
    headers = List.copyOf(headers);
  }

  public static LocalReply of(Kind kind, String body) {
    return new LocalReply(kind, kind.httpStatus(), body, List.of());
  }

  /** Why the sidecar answers; RPC codecs map each to their own error status. */
  public enum Kind {
    /** A route's direct_response or redirect: the status is the route's. */
    DIRECT(200),
    BAD_REQUEST(400),
    NO_ROUTE(404),
    NO_CLUSTER(503),
    NO_HEALTHY_UPSTREAM(503),
    OVERFLOW(503),
    UPSTREAM_CONNECT_FAILURE(503),
    UPSTREAM_RESET(503),
    TIMEOUT(504);

    private final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }
}

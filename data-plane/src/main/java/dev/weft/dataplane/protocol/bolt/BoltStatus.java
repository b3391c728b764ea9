package dev.weft.dataplane.protocol.bolt;

import dev.weft.dataplane.protocol.LocalReply;

/**
 * Bolt's response statuses ({@code ResponseStatus}), the HTTP status each maps to for stats and
 * retries (as MOSN maps them), and the status the sidecar answers with when it replies itself.
 */
final class BoltStatus {
  static final int SUCCESS = 0x0000;
  static final int ERROR = 0x0001;
  static final int SERVER_EXCEPTION = 0x0002;
  static final int UNKNOWN = 0x0003;
  static final int SERVER_THREADPOOL_BUSY = 0x0004;
  static final int ERROR_COMM = 0x0005;
  static final int NO_PROCESSOR = 0x0006;
  static final int TIMEOUT = 0x0007;
  static final int CLIENT_SEND_ERROR = 0x0008;
  static final int CODEC_EXCEPTION = 0x0009;
  static final int CONNECTION_CLOSED = 0x0010;
  static final int SERVER_SERIAL_EXCEPTION = 0x0011;
  static final int SERVER_DESERIAL_EXCEPTION = 0x0012;

  private BoltStatus() {}

  /** MOSN's mapping: success 200, busy 503, timeout 504, connection closed 502, else 500. */
  static int toHttp(int status) {
    switch (status) {
      case SUCCESS:
        return 200;
      case SERVER_THREADPOOL_BUSY:
        return 503;
      case TIMEOUT:
        return 504;
      case CONNECTION_CLOSED:
        return 502;
      default:
        return 500;
    }
  }

  /**
   * Whether a reply says a call had nowhere to go (no route, cluster or healthy provider): those
   * are answered with SERVER_EXCEPTION and an exception naming the service, when the caller speaks
   * Hessian 2, and with NO_PROCESSOR otherwise.
   */
  static boolean namesTheService(LocalReply reply) {
    switch (reply.kind()) {
      case NO_ROUTE:
      case NO_CLUSTER:
      case NO_HEALTHY_UPSTREAM:
      case UPSTREAM_CONNECT_FAILURE:
        return true;
      default:
        return false;
    }
  }

  /**
   * The status of a reply the sidecar makes itself. MOSN's choices where it has one: no route, no
   * cluster and no healthy upstream are NO_PROCESSOR, overflow is SERVER_THREADPOOL_BUSY, timeout
   * is TIMEOUT. A connect failure (no provider could be reached, nothing was sent) is NO_PROCESSOR
   * like no healthy upstream; an upstream reset or lost connection (the call may have run) is
   * CONNECTION_CLOSED, what a client talking to the provider directly would see.
   */
  static int forReply(LocalReply reply) {
    switch (reply.kind()) {
      case NO_ROUTE:
      case NO_CLUSTER:
      case NO_HEALTHY_UPSTREAM:
      case UPSTREAM_CONNECT_FAILURE:
        return NO_PROCESSOR;
      case OVERFLOW:
        return SERVER_THREADPOOL_BUSY;
      case TIMEOUT:
        return TIMEOUT;
      case UPSTREAM_RESET:
        return CONNECTION_CLOSED;
      case BAD_REQUEST:
        return CODEC_EXCEPTION;
      case DIRECT:
        return forHttp(reply.httpStatus());
      default:
        return UNKNOWN;
    }
  }

  /** A route's direct response, by its HTTP status. */
  private static int forHttp(int httpStatus) {
    if (httpStatus >= 200 && httpStatus < 300) {
      return SUCCESS;
    }
    switch (httpStatus) {
      case 403:
        return SERVER_EXCEPTION;
      case 404:
        return NO_PROCESSOR;
      case 429:
      case 503:
        return SERVER_THREADPOOL_BUSY;
      case 504:
        return TIMEOUT;
      default:
        return UNKNOWN;
    }
  }
}

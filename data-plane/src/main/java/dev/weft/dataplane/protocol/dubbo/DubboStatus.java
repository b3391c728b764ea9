package dev.weft.dataplane.protocol.dubbo;

import dev.weft.dataplane.protocol.LocalReply;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Dubbo response statuses, and the two mappings Weft needs: a status to the HTTP status that stats,
 * access logs and retry policies see, and the sidecar's own answers to a status.
 */
final class DubboStatus {
  private DubboStatus() {}

  static final int OK = 20;
  static final int CLIENT_TIMEOUT = 30;
  static final int SERVER_TIMEOUT = 31;
  static final int BAD_REQUEST = 40;
  static final int SERVICE_NOT_FOUND = 60;
  static final int SERVICE_ERROR = 70;
  static final int SERVER_ERROR = 80;
  static final int CLIENT_ERROR = 90;
  static final int SERVER_THREADPOOL_EXHAUSTED = 100;

  /** Dubbo status → HTTP status; anything not listed is 500. */
  private static final Map<Integer, Integer> HTTP =
      Map.of(
          OK, 200,
          CLIENT_TIMEOUT, 504,
          SERVER_TIMEOUT, 504,
          BAD_REQUEST, 400,
          SERVICE_NOT_FOUND, 404,
          SERVICE_ERROR, 500,
          SERVER_ERROR, 500,
          CLIENT_ERROR, 500,
          SERVER_THREADPOOL_EXHAUSTED, 503);

  /**
   * Why the sidecar answers → the status it answers with. Timeouts are SERVER_TIMEOUT, as Dubbo
   * reports a call that was sent and not answered in time; overflow is the provider-side
   * "exhausted" status rather than MOSN's BAD_REQUEST, since the request itself was fine.
   */
  private static final Map<LocalReply.Kind, Integer> LOCAL = localReplies();

  private static Map<LocalReply.Kind, Integer> localReplies() {
    Map<LocalReply.Kind, Integer> map = new EnumMap<>(LocalReply.Kind.class);
    map.put(LocalReply.Kind.BAD_REQUEST, BAD_REQUEST);
    map.put(LocalReply.Kind.NO_ROUTE, SERVICE_NOT_FOUND);
    map.put(LocalReply.Kind.NO_CLUSTER, SERVICE_NOT_FOUND);
    map.put(LocalReply.Kind.NO_HEALTHY_UPSTREAM, SERVICE_NOT_FOUND);
    map.put(LocalReply.Kind.OVERFLOW, SERVER_THREADPOOL_EXHAUSTED);
    map.put(LocalReply.Kind.UPSTREAM_CONNECT_FAILURE, SERVICE_ERROR);
    map.put(LocalReply.Kind.UPSTREAM_RESET, SERVICE_ERROR);
    map.put(LocalReply.Kind.TIMEOUT, SERVER_TIMEOUT);
    return Collections.unmodifiableMap(map);
  }

  /** A route's direct response with a non-2xx status: HTTP status → Dubbo status. */
  private static final Map<Integer, Integer> DIRECT =
      Map.of(
          400,
          BAD_REQUEST,
          404,
          SERVICE_NOT_FOUND,
          503,
          SERVER_THREADPOOL_EXHAUSTED,
          504,
          SERVER_TIMEOUT);

  static int httpStatus(int status) {
    return HTTP.getOrDefault(status, 500);
  }

  /** The status of the sidecar's own answer; {@link #OK} only for a 2xx direct response. */
  static int of(LocalReply reply) {
    if (reply.kind() == LocalReply.Kind.DIRECT) {
      int http = reply.httpStatus();
      if (http >= 200 && http < 300) {
        return OK;
      }
      return DIRECT.getOrDefault(http, http < 500 ? BAD_REQUEST : SERVICE_ERROR);
    }
    return LOCAL.getOrDefault(reply.kind(), SERVICE_ERROR);
  }
}

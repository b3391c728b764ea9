package dev.weft.registry.store.etcd;

import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Sorts the failures of jetcd calls into the few kinds the store acts on. */
final class EtcdErrors {
  /** Codes no retry can fix: the request itself is wrong or not allowed. */
  private static final Set<String> PERMANENT =
      Set.of(
          "INVALID_ARGUMENT",
          "PERMISSION_DENIED",
          "UNAUTHENTICATED",
          "OUT_OF_RANGE",
          "UNIMPLEMENTED",
          "ALREADY_EXISTS",
          "FAILED_PRECONDITION");

  /** Codes after which a watch stream resumes where it was (jetcd's own notion of transient). */
  private static final Set<String> TRANSIENT_FOR_WATCH = Set.of("UNAVAILABLE", "INTERNAL");

  private EtcdErrors() {}

  /** The failure itself, without the wrappers futures add. */
  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** The gRPC status code name of an etcd failure, or {@code UNKNOWN}. */
  static String code(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof EtcdException) {
      return ((EtcdException) cause).getErrorCode().name();
    }
    return Status.fromThrowable(cause).getCode().name();
  }

  /** A mistake in the request or the store's own state: retrying the same call cannot help. */
  static boolean isPermanent(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof IllegalStateException || cause instanceof IllegalArgumentException) {
      return true;
    }
    return PERMANENT.contains(code(cause));
  }

  /** etcd does not know the lease: it expired or was revoked. */
  static boolean isLeaseNotFound(Throwable error) {
    return "NOT_FOUND".equals(code(error));
  }

  static boolean isCompacted(Throwable error) {
    return unwrap(error) instanceof CompactedException;
  }

  /** A watch failure after which watching on from the last revision seen is enough. */
  static boolean isTransientForWatch(Throwable error) {
    return TRANSIENT_FOR_WATCH.contains(code(error));
  }

  /** A short description for logs. */
  static String describe(Throwable error) {
    Throwable cause = unwrap(error);
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}

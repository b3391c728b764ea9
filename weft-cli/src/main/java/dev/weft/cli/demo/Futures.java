package dev.weft.cli.demo;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for the futures the demo composes. */
final class Futures {
  private Futures() {}

  /** The failure inside the wrappers futures add. */
  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The failure's message for the user, or its class when it has none. */
  static String message(Throwable error) {
    Throwable cause = unwrap(error);
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }
}

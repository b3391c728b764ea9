package dev.weft.benchmarks.grpc;

import java.net.InetSocketAddress;

/** {@code host:port} arguments of the gRPC load tools. */
final class Targets {
  private Targets() {}

  /**
   * Parses {@code 127.0.0.1:50051}.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  static InetSocketAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got \"" + text + "\"");
    }
    try {
      return new InetSocketAddress(
          text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected host:port, got \"" + text + "\"", e);
    }
  }
}

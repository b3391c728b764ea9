package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.HeaderMap;
import java.nio.charset.StandardCharsets;

/** HTTP/1 heads parsed from wire text, for tests in other packages. */
public final class Http1TestHeads {
  private Http1TestHeads() {}

  /** A request head; {@code wire} is the request line and field lines, up to the empty line. */
  public static Http1RequestHead request(String wire) {
    return Http1Parser.request(bytes(wire), 4);
  }

  public static Http1ResponseHead response(String wire) {
    return Http1Parser.response(bytes(wire), 4);
  }

  /** A trailer section: field lines up to the empty line. */
  public static HeaderMap trailers(String wire) {
    return Http1Parser.trailers(bytes(wire), 4);
  }

  private static byte[] bytes(String wire) {
    return wire.getBytes(StandardCharsets.ISO_8859_1);
  }
}

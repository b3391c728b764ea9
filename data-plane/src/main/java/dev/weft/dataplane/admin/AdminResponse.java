package dev.weft.dataplane.admin;

import java.util.Map;

/**
 * An admin answer before it is encoded: status, content type, body and extra headers.
 *
 * @param headers added to the response, for example {@code Allow} on a 405
 */
public record AdminResponse(
    int status, String contentType, String body, Map<String, String> headers) {
  static final String TEXT = "text/plain; charset=utf-8";
  static final String JSON = "application/json; charset=utf-8";
  static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  public AdminResponse {
    headers = Map.copyOf(headers);
  }

  static AdminResponse text(int status, String body) {
    return new AdminResponse(status, TEXT, body.endsWith("\n") ? body : body + "\n", Map.of());
  }

  static AdminResponse json(String body) {
    return new AdminResponse(200, JSON, body + "\n", Map.of());
  }
}

package dev.weft.dataplane.protocol.http1;

/**
 * Malformed HTTP/1 input, with the status a server answers it with (400, 414, 431 or 505). It
 * carries no stack trace: a peer can cause any number of them.
 */
final class Http1ParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final int BAD_REQUEST = 400;
  static final int URI_TOO_LONG = 414;
  static final int HEADERS_TOO_LARGE = 431;
  static final int VERSION_NOT_SUPPORTED = 505;

  private final int status;

  Http1ParseException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static Http1ParseException bad(String message) {
    return new Http1ParseException(BAD_REQUEST, message);
  }

  int status() {
    return status;
  }
}

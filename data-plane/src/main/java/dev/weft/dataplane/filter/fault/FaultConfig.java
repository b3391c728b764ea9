package dev.weft.dataplane.filter.fault;

import dev.weft.dataplane.protocol.HeaderMap;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code fault} filter's config.
 *
 * @param delay hold matching requests this long before routing them, for a share of them
 * @param abort answer a share of matching requests with a status instead of forwarding them
 * @param headers a request matches when it has every one of these headers (none: every request)
 */
public record FaultConfig(Optional<Delay> delay, Optional<Abort> abort, List<HeaderMatch> headers) {
  public FaultConfig {
    headers = List.copyOf(headers);
  }

  /** Whether a request with {@code requestHeaders} is subject to the faults. */
  public boolean matches(HeaderMap requestHeaders) {
    for (HeaderMatch header : headers) {
      if (!header.matches(requestHeaders)) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param percentage 0 to 100: the share of matching requests delayed
   */
  public record Delay(Duration fixedDelay, int percentage) {}

  /**
   * @param status the HTTP status answered (RPC codecs map it to their own error status)
   * @param percentage 0 to 100: the share of matching requests aborted
   */
  public record Abort(int status, int percentage) {}

  /**
   * A header a request must carry: equal to {@code value}, or matching it as a whole when {@code
   * regex} is present.
   */
  public record HeaderMatch(String name, String value, Optional<Pattern> regex) {
    public boolean matches(HeaderMap headers) {
      for (String actual : headers.getAll(name)) {
        if (regex.isPresent() ? regex.get().matcher(actual).matches() : value.equals(actual)) {
          return true;
        }
      }
      return false;
    }
  }
}

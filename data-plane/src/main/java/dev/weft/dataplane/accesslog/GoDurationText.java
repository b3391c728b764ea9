package dev.weft.dataplane.accesslog;

/**
 * Writes a duration as Go's {@code time.Duration.String()} does, which is how MOSN prints durations
 * in access logs: {@code 0s}, {@code 850ns}, {@code 1.5µs}, {@code 12.003ms}, {@code 2.5s}, {@code
 * 1m30s}, {@code 1h0m0s}.
 */
final class GoDurationText {
  private static final long MICRO = 1_000L;
  private static final long MILLI = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;

  private GoDurationText() {}

  static String format(long nanos) {
    StringBuilder out = new StringBuilder();
    append(out, nanos);
    return out.toString();
  }

  static void append(StringBuilder out, long nanos) {
    if (nanos == 0) {
      out.append("0s");
      return;
    }
    if (nanos < 0) {
      out.append('-');
      nanos = nanos == Long.MIN_VALUE ? Long.MAX_VALUE : -nanos;
    }
    if (nanos < MICRO) {
      out.append(nanos).append("ns");
    } else if (nanos < MILLI) {
      fraction(out, nanos, MICRO, 3).append("µs");
    } else if (nanos < SECOND) {
      fraction(out, nanos, MILLI, 6).append("ms");
    } else {
      long hours = nanos / HOUR;
      long minutes = (nanos % HOUR) / MINUTE;
      if (hours > 0) {
        out.append(hours).append('h');
      }
      if (hours > 0 || minutes > 0) {
        out.append(minutes).append('m');
      }
      fraction(out, nanos % MINUTE, SECOND, 9).append('s');
    }
  }

  /** {@code value / unit} with the remainder as decimals, trailing zeros dropped. */
  private static StringBuilder fraction(StringBuilder out, long value, long unit, int digits) {
    out.append(value / unit);
    long rest = value % unit;
    if (rest == 0) {
      return out;
    }
    String decimals = Long.toString(rest);
    out.append('.');
    for (int i = decimals.length(); i < digits; i++) {
      out.append('0');
    }
    int end = decimals.length();
    while (decimals.charAt(end - 1) == '0') {
      end--;
    }
    return out.append(decimals, 0, end);
  }
}

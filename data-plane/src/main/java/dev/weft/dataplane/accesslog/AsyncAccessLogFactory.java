package dev.weft.dataplane.accesslog;

import dev.weft.dataplane.config.AccessLogConfig;
import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stats.Stats;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens access logs whose lines are written by one {@link AccessLogWriter} per destination, shared
 * by every listener that logs there.
 *
 * <p>A path is {@code stdout}, {@code stderr} (also written {@code /dev/stdout}, {@code
 * /dev/stderr}, or empty for stdout, as MOSN treats it) or a file, which is created with its
 * directories and appended to. Each destination counts the lines it had to drop in {@code
 * access_log_dropped} of the metric set {@code accesslog} labelled {@code path} (the absolute path,
 * or {@code stdout}/{@code stderr}).
 */
public final class AsyncAccessLogFactory implements AccessLogFactory {
  public static final String DROPPED = "access_log_dropped";
  private static final Map<String, String> STANDARD_STREAMS =
      Map.of(
          "", "stdout",
          "stdout", "stdout",
          "/dev/stdout", "stdout",
          "stderr", "stderr",
          "/dev/stderr", "stderr");

  private final Stats stats;
  private final int capacity;
  private final Map<String, AccessLogWriter> writers = new LinkedHashMap<>();
  private boolean closed;

  public AsyncAccessLogFactory(Stats stats) {
    this(stats, AccessLogWriter.DEFAULT_CAPACITY);
  }

  /**
   * @param capacity lines each destination may hold before it drops
   */
  public AsyncAccessLogFactory(Stats stats, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("access log queue capacity must be at least 1");
    }
    this.stats = stats;
    this.capacity = capacity;
  }

  /** The key a path's writer and metrics go by: {@code stdout}, {@code stderr} or a path. */
  public static String destination(String path) {
    String trimmed = path == null ? "" : path.trim();
    String standard = STANDARD_STREAMS.get(trimmed);
    return standard != null ? standard : Paths.get(trimmed).toAbsolutePath().normalize().toString();
  }

  @Override
  public synchronized AccessLog open(AccessLogConfig config) {
    if (closed) {
      throw new IllegalStateException("access logs are closed");
    }
    String format = config.format();
    AccessLogFormat compiled =
        format == null || format.isBlank()
            ? AccessLogFormat.DEFAULT
            : AccessLogFormat.parse(format);
    String destination = destination(config.path());
    AccessLogWriter writer = writers.get(destination);
    if (writer == null) {
      writer = newWriter(destination);
      writers.put(destination, writer);
    }
    return new FormattedAccessLog(compiled, writer);
  }

  private AccessLogWriter newWriter(String destination) {
    Counter dropped = stats.set("accesslog", "path", destination).counter(DROPPED);
    if (destination.equals("stdout") || destination.equals("stderr")) {
      PrintStream stream = destination.equals("stdout") ? System.out : System.err;
      return new AccessLogWriter(destination, stream, false, capacity, dropped);
    }
    Path file = Paths.get(destination);
    OutputStream out;
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      // A FileOutputStream, not a FileChannel stream: interrupting the writer on close must not
      // close the file under a write.
      out = new FileOutputStream(file.toFile(), true);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot open access log " + destination + ": " + e.getMessage(), e);
    }
    return new AccessLogWriter(destination, out, true, capacity, dropped);
  }

  /** Writes what is queued and closes every destination. */
  @Override
  public void close() {
    List<AccessLogWriter> open;
    synchronized (this) {
      closed = true;
      open = new ArrayList<>(writers.values());
      writers.clear();
    }
    open.forEach(AccessLogWriter::close);
  }
}

package dev.weft.testing.process;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A running child process started by {@link ProcessLauncher}: its merged stdout and stderr are kept
 * (the last {@value #KEPT_LINES} lines), copied into the test's output with a {@code [name]} prefix
 * and optionally into a log file, and scanned for Netty {@code LEAK:} reports.
 *
 * <p>{@link #close()} stops the process and fails if it reported a leak.
 */
public final class ChildProcess implements AutoCloseable {
  static final int KEPT_LINES = 5_000;
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();
  private static final StartJournal STARTED = new StartJournal();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(ChildProcess::kill), "kill-children"));
  }

  private final String name;
  private final Process process;
  private final boolean echo;
  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private final List<String> leakLines = new ArrayList<>();
  private final Thread pump;
  private final Path logFile;

  ChildProcess(String name, Process process, boolean echo, Path logFile) throws IOException {
    this.name = name;
    this.process = process;
    this.echo = echo;
    this.logFile = logFile;
    Writer log = logFile == null ? null : Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
    this.pump = new Thread(() -> pump(log), "output-" + name);
    this.pump.setDaemon(true);
    this.pump.start();
    LIVE.add(this);
    STARTED.add(this);
  }

  /** A mark for {@link #startedSince}: how many children this JVM has started so far. */
  static long startMark() {
    return STARTED.mark();
  }

  /** The children started after {@code mark} (the most recent ones, if there were very many). */
  static List<ChildProcess> startedSince(long mark) {
    return STARTED.since(mark);
  }

  public String name() {
    return name;
  }

  /** The file its output is copied to, if one was given. */
  public Optional<Path> logFile() {
    return Optional.ofNullable(logFile);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code; fails if the process is still running. */
  public int exitCode() {
    return process.exitValue();
  }

  /** Waits for the process to exit by itself and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          name + " still runs after " + timeout + "; its last output:\n" + tail(40));
    }
    awaitOutputDrained();
    return process.exitValue();
  }

  /** The lines printed so far (the last {@value #KEPT_LINES}). */
  public List<String> output() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The last {@code count} lines, joined, for failure messages. */
  public String tail(int count) {
    List<String> all = output();
    return all.subList(Math.max(0, all.size() - count), all.size()).stream()
        .map(line -> "  " + line)
        .collect(Collectors.joining("\n"));
  }

  public boolean hasPrinted(Pattern pattern) {
    return output().stream().anyMatch(line -> pattern.matcher(line).find());
  }

  /** Waits until the process prints a line matching {@code pattern}. */
  public void awaitLine(Pattern pattern, Duration timeout) {
    await(name + " prints /" + pattern + "/")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> hasPrinted(pattern));
  }

  /** The {@code LEAK:} lines Netty printed in this process. */
  public List<String> leakReports() {
    synchronized (lines) {
      return List.copyOf(leakLines);
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; returns the exit code. */
  public int stop() {
    List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
    // Signal through the handle: Process.destroy() also closes the output pipe, losing the
    // lines the child prints while it shuts down.
    ProcessHandle handle = process.toHandle();
    handle.destroy();
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        handle.destroyForcibly();
        process.waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handle.destroyForcibly();
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
    return finish();
  }

  /** SIGKILL by PID, the process and everything it started; returns the exit code. */
  public int kill() {
    ProcessHandle.of(process.pid())
        .ifPresent(
            handle -> {
              handle.descendants().forEach(ProcessHandle::destroyForcibly);
              handle.destroyForcibly();
            });
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return finish();
  }

  /** Stops the process if it runs, and fails if it reported a Netty leak. */
  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    } else {
      finish();
    }
    List<String> leaks = leakReports();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          name + " reported Netty leaks:\n" + String.join("\n", leaks) + "\n" + tail(80));
    }
  }

  private int finish() {
    LIVE.remove(this);
    awaitOutputDrained();
    return process.exitValue();
  }

  private void awaitOutputDrained() {
    try {
      pump.join(GRACE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pump(Writer log) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        keep(line);
        if (echo) {
          System.out.println("[" + name + "] " + line);
        }
        if (log != null) {
          log.write(line);
          log.write('\n');
          log.flush();
        }
      }
    } catch (IOException closed) {
      keep("(output of " + name + " closed: " + closed.getMessage() + ")");
    } finally {
      closeQuietly(log);
    }
  }

  private void keep(String line) {
    synchronized (lines) {
      if (lines.size() == KEPT_LINES) {
        lines.removeFirst();
      }
      lines.addLast(line);
      if (line.contains("LEAK:")) {
        leakLines.add(line);
      }
    }
  }

  private static void closeQuietly(Writer log) {
    if (log == null) {
      return;
    }
    try {
      log.close();
    } catch (IOException ignored) {
      // The log file is a copy; the lines are still kept in memory.
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + (process.isAlive() ? ")" : ", exited)");
  }
}

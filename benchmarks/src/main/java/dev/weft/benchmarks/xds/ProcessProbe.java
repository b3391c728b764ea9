package dev.weft.benchmarks.xds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another JVM on this machine, seen from outside: its CPU time and resident memory from {@code
 * /proc}, and its heap after a full collection through {@code jcmd} (same user, same JDK family).
 */
final class ProcessProbe {
  private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final long pid;
  private final long ticksPerSecond;

  ProcessProbe(long pid) {
    this.pid = pid;
    this.ticksPerSecond = clockTicks();
  }

  long pid() {
    return pid;
  }

  /** User plus system CPU time so far, in milliseconds. */
  long cpuMillis() throws IOException {
    return cpuMillis(Path.of("/proc", Long.toString(pid), "stat"));
  }

  private long cpuMillis(Path statFile) throws IOException {
    String stat = Files.readString(statFile);
    // Fields after the command name, which is in parentheses and may hold spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    return ticks * 1000 / ticksPerSecond;
  }

  /**
   * CPU time so far of the JVM's JIT compiler threads ({@code C1/C2 CompilerThread}), by thread id,
   * in milliseconds. Compiler threads come and go; one that ended between two reads is not counted.
   */
  Map<Long, Long> compilerCpuMillis() throws IOException {
    Map<Long, Long> threads = new HashMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String comm = Files.readString(task.resolve("comm")).trim();
          if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            threads.put(
                Long.parseLong(task.getFileName().toString()), cpuMillis(task.resolve("stat")));
          }
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    }
    return threads;
  }

  /** JIT compiler CPU milliseconds between two {@link #compilerCpuMillis()} reads. */
  static long compilerDelta(Map<Long, Long> before, Map<Long, Long> after) {
    long sum = 0;
    for (Map.Entry<Long, Long> thread : after.entrySet()) {
      sum += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
    }
    return sum;
  }

  /** A {@code /proc/<pid>/status} size in KiB, such as {@code VmRSS} or {@code VmHWM}. */
  long statusKib(String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(key + ":")) {
        return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
      }
    }
    throw new IOException(key + " not in /proc/" + pid + "/status");
  }

  /**
   * Heap in use right after a full collection, in bytes ({@code jcmd GC.run}, {@code
   * GC.heap_info}).
   */
  long heapAfterGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    long usedKib = 0;
    boolean found = false;
    for (String line : jcmd("GC.heap_info").split("\n")) {
      Matcher matcher = USED.matcher(line);
      if (matcher.find()) {
        usedKib += Long.parseLong(matcher.group(1));
        found = true;
      }
    }
    if (!found) {
      throw new IOException("no heap figures from jcmd " + pid + " GC.heap_info");
    }
    return usedKib * 1024;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process =
        new ProcessBuilder(
                List.of(
                    Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                    Long.toString(pid),
                    command))
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
    }
    return out;
  }

  private static long clockTicks() {
    try {
      Process process = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
        return Long.parseLong(out.trim());
      }
    } catch (IOException | NumberFormatException e) {
      // the usual Linux value below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}

package dev.weft.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.process.ChildProcess;
import dev.weft.testing.process.ProcessLauncher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./weft demo --headless --duration 30s} as a user runs it: the whole mesh on this machine
 * (etcd, the control plane, a consumer pod and two provider pods, one app per protocol in each),
 * traffic on Bolt, Dubbo, HTTP and gRPC, the second provider pod joining and the first leaving. It
 * must pass (exit 0), every protocol answered by both providers with no failed call, and leave no
 * process behind.
 */
class DemoIT {
  private static final Duration RUN = Duration.ofMinutes(4);
  private static final Pattern SUMMARY =
      Pattern.compile(
          "^  (bolt|dubbo|http|grpc) +\\S+ +ok=(\\d+) +errors=(\\d+) +providers: (.*)$");
  private static final Pattern GREEN = Pattern.compile("all green after (\\d+\\.\\d) s");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path runDir;

  @Test
  void everyProtocolIsAnsweredThroughAJoinAndAGracefulLeaveAndNothingIsLeftBehind()
      throws Exception {
    long start = System.nanoTime();
    List<String> output;
    int exit;
    try (ChildProcess demo =
        ProcessLauncher.weft(
                "demo", "demo", "--headless", "--duration", "30s", "--run-dir", runDir.toString())
            .start()) {
      exit = demo.awaitExit(RUN);
      output = demo.output();
    }
    String printed = String.join("\n", output);
    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    Matcher green = GREEN.matcher(printed);
    System.out.println(
        "DemoIT: the demo ran "
            + seconds
            + " s"
            + (green.find() ? ", all green after " + green.group(1) + " s" : ""));

    assertThat(exit).as(printed).isZero();
    assertThat(output)
        .as(printed)
        .contains(
            "result: PASS: every protocol was answered, no call"
                + " failed, the scenario finished");

    // Per protocol: answered, nothing failed, both providers answered.
    Map<String, Matcher> rows = new LinkedHashMap<>();
    for (String line : output) {
      Matcher row = SUMMARY.matcher(line);
      if (row.matches()) {
        rows.put(row.group(1), row);
      }
    }
    assertThat(rows).as(printed).containsOnlyKeys("bolt", "dubbo", "http", "grpc");
    rows.forEach(
        (protocol, row) -> {
          assertThat(Long.parseLong(row.group(2))).as(protocol + " ok").isPositive();
          assertThat(Long.parseLong(row.group(3))).as(protocol + " errors").isZero();
          assertThat(row.group(4))
              .as(protocol + " providers")
              .matches("provider-1=[1-9]\\d* provider-2=[1-9]\\d*");
        });

    // The scenario's steps, in order.
    assertThat(output.stream().map(DemoIT::withoutStamp).toList())
        .as(printed)
        .containsSubsequence(
            "step 2/5: provider pod 2 joins: its apps, then its sidecar, start",
            "provider-2 serves bolt, dubbo, http and grpc",
            "step 3/5: traffic spreads over provider-1 and provider-2",
            "step 4/5: provider pod 1 leaves: its publications are withdrawn",
            "the consumers dropped provider-1: no request is sent there any more",
            "step 4/5: provider pod 1 leaves: its processes stop",
            "step 5/5: provider pod 2 serves alone");
    assertThat(printed).contains("store: etcd (", "run dir " + runDir);

    // Every process it started (listed in its run directory) is gone; none reported a leak.
    List<String> started = Files.readAllLines(runDir.resolve("pids"), StandardCharsets.UTF_8);
    List<String> names = new ArrayList<>();
    for (String line : started) {
      String[] pidAndName = line.split(" ", 2);
      names.add(pidAndName[1]);
      assertThat(ProcessHandle.of(Long.parseLong(pidAndName[0])).map(ProcessHandle::isAlive))
          .as(line + " is still running")
          .isNotEqualTo(java.util.Optional.of(true));
    }
    assertThat(names)
        .containsExactlyInAnyOrder(
            "etcd",
            "control-plane",
            "consumer-sidecar",
            "consumer-bolt",
            "consumer-dubbo",
            "consumer-http",
            "consumer-grpc",
            "provider-1-sidecar",
            "provider-1-bolt",
            "provider-1-dubbo",
            "provider-1-http",
            "provider-1-grpc",
            "provider-2-sidecar",
            "provider-2-bolt",
            "provider-2-dubbo",
            "provider-2-http",
            "provider-2-grpc");
    for (String name : names) {
      assertThat(runDir.resolve(name + ".log")).exists();
    }
    assertThat(leakReports()).isEmpty();
  }

  /** {@code [ 12.3s] text} → {@code text}. */
  private static String withoutStamp(String line) {
    return line.replaceFirst("^\\[ *\\d+\\.\\d+s\\] ", "");
  }

  /** Netty's {@code LEAK:} lines in the run directory's logs (the sidecars run paranoid). */
  private List<String> leakReports() throws IOException {
    List<String> leaks = new ArrayList<>();
    try (Stream<Path> logs = Files.list(runDir)) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
          if (line.contains("LEAK:")) {
            leaks.add(log.getFileName() + ": " + line);
          }
        }
      }
    }
    return leaks;
  }
}

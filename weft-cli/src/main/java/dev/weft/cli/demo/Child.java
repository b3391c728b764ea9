package dev.weft.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** A process the demo started, its output going to its log file in the run directory. */
final class Child {
  private final String name;
  private final Process process;
  private final Path log;

  Child(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** Completes when the process has exited. */
  CompletableFuture<Process> exit() {
    return process.onExit();
  }

  /** Its exit code; only once it has exited. */
  int exitCode() {
    return process.exitValue();
  }

  /** SIGTERM. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL. */
  void kill() {
    process.destroyForcibly();
  }

  /** Whether it has printed a line that starts with {@code prefix}. */
  boolean printed(String prefix) {
    return lines().stream().anyMatch(line -> line.startsWith(prefix));
  }

  /** Its last {@code count} lines, indented, for messages. */
  String tail(int count) {
    List<String> lines = lines();
    return lines.subList(Math.max(0, lines.size() - count), lines.size()).stream()
        .map(line -> "    " + line)
        .collect(Collectors.joining("\n"));
  }

  private List<String> lines() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}

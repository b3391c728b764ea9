package dev.weft.cli.demo;

import dev.weft.cli.CliException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Where one demo run keeps its files: {@code <name>.log} per process, the demo's own {@code
 * demo.log}, etcd's data under {@code etcd/}, and {@code pids}, one {@code <pid> <name>} line per
 * process it started, written as each one starts (so what is left behind can be found).
 */
public final class RunDir {
  /** The file listing every process the demo started. */
  public static final String PIDS = "pids";

  private final Path path;

  private RunDir(Path path) {
    this.path = path;
  }

  /**
   * {@code given} (created if missing; it must be empty) or a new temporary directory {@code
   * weft-demo-*}.
   *
   * @throws CliException (exit 2) when {@code given} has files in it or cannot be created
   */
  public static RunDir create(Optional<Path> given) {
    if (given.isEmpty()) {
      try {
        return new RunDir(Files.createTempDirectory("weft-demo-").toAbsolutePath());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a temporary run directory", e);
      }
    }
    Path dir = given.get().toAbsolutePath();
    try {
      Files.createDirectories(dir);
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw CliException.usage(
              "--run-dir: expected a new or empty directory, got "
                  + dir
                  + ", which has files in it");
        }
      }
    } catch (IOException e) {
      throw CliException.usage("--run-dir: cannot create " + dir + ": " + e, e);
    }
    return new RunDir(dir);
  }

  public Path path() {
    return path;
  }

  /** The log file of the process called {@code name}. */
  public Path log(String name) {
    return path.resolve(name + ".log");
  }

  /** A directory of its own for {@code name}, e.g. etcd's data. */
  public Path dir(String name) {
    try {
      return Files.createDirectories(path.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a process to {@value #PIDS}. */
  public synchronized void recordPid(String name, long pid) {
    try {
      Files.writeString(
          path.resolve(PIDS),
          pid + " " + name + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path.resolve(PIDS), e);
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}

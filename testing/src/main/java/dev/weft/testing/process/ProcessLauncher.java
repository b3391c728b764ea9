package dev.weft.testing.process;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Starts a child process (a {@code weft} subcommand, a peer JVM, or a native program such as etcd
 * or nginx), waits until a real {@link Probe} says it is ready, and hands back a {@link
 * ChildProcess}.
 *
 * <pre>{@code
 * try (ChildProcess sidecar =
 *     ProcessLauncher.weft("sidecar-a", "sidecar", "-c", config.toString())
 *         .readiness(Probe.http(URI.create("http://127.0.0.1:34901/ready")))
 *         .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Every JVM it starts runs with Netty leak detection on paranoid, and {@link
 * ChildProcess#close()} fails when the child printed a {@code LEAK:} report.
 */
public final class ProcessLauncher {
  /** JVM flags every child JVM gets. */
  public static final List<String> CHILD_JVM_FLAGS =
      List.of("-Dio.netty.leakDetection.level=paranoid", "-XX:+UseSerialGC");

  private static final int MAX_INLINE_CLASSPATH = 32 * 1024;

  private final String name;
  private final Kind kind;
  private final List<String> target;
  private final List<String> jvmArgs = new ArrayList<>(CHILD_JVM_FLAGS);
  private final Map<String, String> env = new LinkedHashMap<>();
  private Path workDir;
  private Path logFile;
  private boolean echo = true;
  private Probe readiness = Probe.started();
  private Duration startTimeout = Duration.ofSeconds(60);

  private enum Kind {
    NATIVE,
    JAVA_MAIN,
    WEFT
  }

  private ProcessLauncher(String name, Kind kind, List<String> target) {
    this.name = name;
    this.kind = kind;
    this.target = new ArrayList<>(target);
  }

  /** A native program, for example {@code command("nginx", "/usr/sbin/nginx", "-c", conf)}. */
  public static ProcessLauncher command(String name, String... command) {
    return new ProcessLauncher(name, Kind.NATIVE, Arrays.asList(command));
  }

  /** A JVM running {@code mainClass} on this test JVM's classpath. */
  public static ProcessLauncher java(String name, String mainClass, String... args) {
    List<String> target = new ArrayList<>();
    target.add(mainClass);
    target.addAll(Arrays.asList(args));
    return new ProcessLauncher(name, Kind.JAVA_MAIN, target);
  }

  /**
   * {@code ./weft <args>} through the launcher script at the repository root, so tests run exactly
   * what users run. The script does not rebuild here: a missing or stale jar is an error.
   */
  public static ProcessLauncher weft(String name, String... args) {
    List<String> target = new ArrayList<>();
    target.add(WeftHome.locate().resolve("weft").toString());
    target.addAll(Arrays.asList(args));
    return new ProcessLauncher(name, Kind.WEFT, target);
  }

  /** Extra JVM flags (ignored for native programs). */
  public ProcessLauncher jvmArgs(String... args) {
    jvmArgs.addAll(Arrays.asList(args));
    return this;
  }

  public ProcessLauncher env(String key, String value) {
    env.put(key, value);
    return this;
  }

  public ProcessLauncher workDir(Path dir) {
    this.workDir = dir;
    return this;
  }

  /** Also write the output to this file. */
  public ProcessLauncher logFile(Path file) {
    this.logFile = file;
    return this;
  }

  /** Whether to copy the output into the test's output (default true). */
  public ProcessLauncher echo(boolean echo) {
    this.echo = echo;
    return this;
  }

  public ProcessLauncher readiness(Probe probe) {
    this.readiness = probe;
    return this;
  }

  public ProcessLauncher startTimeout(Duration timeout) {
    this.startTimeout = timeout;
    return this;
  }

  /** The command line this launcher will run. */
  public List<String> commandLine() {
    List<String> command = new ArrayList<>();
    switch (kind) {
      case NATIVE:
      case WEFT:
        command.addAll(target);
        break;
      case JAVA_MAIN:
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(classpathArgs());
        command.addAll(target);
        break;
      default:
        throw new IllegalStateException("unknown kind " + kind);
    }
    return command;
  }

  /** Starts the process and waits until the readiness probe passes or the process dies. */
  public ChildProcess start() {
    ProcessBuilder builder = new ProcessBuilder(commandLine()).redirectErrorStream(true);
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    builder.environment().putAll(env);
    if (kind == Kind.WEFT) {
      builder.environment().put("WEFT_NO_BUILD", "1");
      builder.environment().put("WEFT_JAVA_OPTS", String.join(" ", jvmArgs));
    }
    ChildProcess child;
    try {
      child = new ChildProcess(name, builder.start(), echo, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + builder.command(), e);
    }
    awaitReady(child);
    return child;
  }

  private void awaitReady(ChildProcess child) {
    try {
      await(name + " ready (" + readiness.describe() + ")")
          .atMost(startTimeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> checkReady(child));
    } catch (ConditionTimeoutException | ChildExitedException e) {
      if (child.isAlive()) {
        child.kill();
      }
      throw new AssertionError(
          e.getMessage() + "\ncommand: " + commandLine() + "\nlast output:\n" + child.tail(60), e);
    }
  }

  private boolean checkReady(ChildProcess child) throws Exception {
    if (!child.isAlive()) {
      throw new ChildExitedException(
          name + " exited with code " + child.exitCode() + " before it was ready");
    }
    return readiness.isReady(child);
  }

  private static List<String> classpathArgs() {
    // Under surefire the JVM's own class path is a manifest-only jar; this property has the real
    // one.
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    if (classpath.length() <= MAX_INLINE_CLASSPATH) {
      return List.of("-cp", classpath);
    }
    try {
      Path argFile = Files.createTempFile("weft-child-classpath", ".args");
      argFile.toFile().deleteOnExit();
      Files.writeString(argFile, "-cp \"" + classpath + "\"\n", StandardCharsets.UTF_8);
      return List.of("@" + argFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the class path argument file", e);
    }
  }

  private static final class ChildExitedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ChildExitedException(String message) {
      super(message);
    }
  }
}

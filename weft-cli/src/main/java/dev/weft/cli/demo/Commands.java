package dev.weft.cli.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command lines of the demo's processes. */
final class Commands {
  /** The apps' JVMs: small, and quick to start rather than fast, as in the e2e suite. */
  static final List<String> APP_JVM_FLAGS =
      List.of(
          "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

  /**
   * The environment of {@code weft} processes: they never build (the demo's own run already built
   * what they need, so a stale jar is an error, not a Maven run per sidecar), and they run on the
   * quick-start JIT, as the apps do, after any {@code WEFT_JAVA_OPTS} the demo was given: a demo's
   * few hundred calls a second need no more, and two cores start a dozen JVMs much sooner.
   */
  static Map<String, String> weftEnv(Map<String, String> ours) {
    String opts = ours.getOrDefault("WEFT_JAVA_OPTS", "").strip();
    return Map.of(
        "WEFT_NO_BUILD",
        "1",
        "WEFT_JAVA_OPTS",
        (opts.isEmpty() ? "" : opts + " ") + "-XX:TieredStopAtLevel=1");
  }

  private final Install install;
  private final Path java;
  private final Map<String, String> weftEnv;

  /**
   * @param env this process's environment, whose {@code WEFT_JAVA_OPTS} the {@code weft} processes
   *     get too
   */
  Commands(Install install, Path java, Map<String, String> env) {
    this.install = install;
    this.java = java;
    this.weftEnv = weftEnv(env);
  }

  /** What {@code weft} processes get added to the environment. */
  Map<String, String> weftEnv() {
    return weftEnv;
  }

  /** The JVM that runs this demo, for its apps. */
  static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** {@code ./weft <args>}: the script picks each command's JVM flags. */
  List<String> weft(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(install.weft().toString());
    command.addAll(args);
    return command;
  }

  /** {@code java <flags> -jar <peers jar> <role> <args>} for one of {@code service}'s apps. */
  List<String> app(DemoService service, String role, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(APP_JVM_FLAGS);
    command.add("-jar");
    command.add(install.peersJar(service.peers()).toString());
    command.add(role);
    command.addAll(args);
    return command;
  }
}

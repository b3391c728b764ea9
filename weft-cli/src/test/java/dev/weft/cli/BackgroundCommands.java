package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Long-running {@code weft} commands ({@code sidecar}, {@code control-plane}) run in-process in the
 * background, each until it is stopped through its shutdown hook, as SIGTERM would; {@link #close}
 * stops those still running, last started first, and checks that each exits 0.
 */
final class BackgroundCommands implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Running> running = new ArrayList<>();

  /** One command in the background. */
  final class Running {
    private final String name;
    private final AtomicReference<Runnable> stop;
    private final Future<Integer> exit;

    private Running(String name, AtomicReference<Runnable> stop, Future<Integer> exit) {
      this.name = name;
      this.stop = stop;
      this.exit = exit;
    }

    /** Runs its shutdown hook, as SIGTERM, and waits for exit code 0. */
    void stop() throws Exception {
      Runnable hook = stop.getAndSet(() -> {});
      hook.run();
      assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(name).isEqualTo(ExitCodes.OK);
      synchronized (running) {
        running.remove(this);
      }
    }
  }

  /**
   * Starts {@code weft args} (a sidecar or a control plane) and returns once it runs, that is once
   * it has registered its shutdown hook; it must print nothing on stderr getting there.
   */
  Running start(List<String> args) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = CommandRunner.commandLine(new StringWriter(), err);
    AtomicReference<Runnable> stop = new AtomicReference<>();
    Object command = CommandRunner.subcommand(commandLine, args.get(0));
    Consumer<Runnable> hook = stop::set;
    if (command instanceof SidecarCommand sidecar) {
      sidecar.onShutdown = hook;
    } else {
      ((ControlPlaneCommand) command).onShutdown = hook;
    }
    Future<Integer> exit = executor.submit(() -> commandLine.execute(args.toArray(String[]::new)));
    await().atMost(WAIT).until(() -> stop.get() != null || exit.isDone());
    assertThat(err.toString()).as(String.join(" ", args)).isEmpty();
    assertThat(exit.isDone()).as(String.join(" ", args) + " stopped").isFalse();
    Running started = new Running(String.join(" ", args), stop, exit);
    synchronized (running) {
      running.add(started);
    }
    return started;
  }

  @Override
  public void close() throws Exception {
    List<Running> all;
    synchronized (running) {
      all = new ArrayList<>(running);
    }
    try {
      for (int i = all.size() - 1; i >= 0; i--) {
        all.get(i).stop();
      }
    } finally {
      executor.shutdownNow();
    }
  }
}

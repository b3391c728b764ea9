package dev.weft.testing.process;

import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test (or one of its lifecycle methods) fails, names every child process started since its
 * class began, says whether each still runs or how it exited, and attaches the tail of its output
 * to the failure, so a broken e2e run shows which process went wrong without digging through logs.
 *
 * <p>Registered for every test class through JUnit's extension auto-detection (see {@code
 * META-INF/services}). A failure with no child processes is rethrown untouched.
 */
public final class ProcessLogsOnFailure
    implements BeforeAllCallback,
        TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {
  static final int TAIL_LINES = 40;
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ProcessLogsOnFailure.class);
  private static final String MARK = "mark";

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put(MARK, ChildProcess.startMark());
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw withProcessLogs(context, failure);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw withProcessLogs(context, failure);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw withProcessLogs(context, failure);
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw withProcessLogs(context, failure);
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw withProcessLogs(context, failure);
  }

  private static Throwable withProcessLogs(ExtensionContext context, Throwable failure) {
    Long mark = context.getStore(NAMESPACE).get(MARK, Long.class);
    List<ChildProcess> started = ChildProcess.startedSince(mark == null ? 0 : mark);
    if (started.isEmpty()) {
      return failure;
    }
    String report = report(started);
    System.err.println(context.getDisplayName() + " failed; " + report);
    failure.addSuppressed(new ProcessLogs(report));
    return failure;
  }

  /** Each process: its name, pid, state, log file and last lines. */
  static String report(List<ChildProcess> processes) {
    StringBuilder text =
        new StringBuilder("the child processes it started (last ")
            .append(TAIL_LINES)
            .append(" lines of each):");
    for (ChildProcess process : processes) {
      text.append("\n--- ").append(process.name()).append(" (pid ").append(process.pid());
      text.append(process.isAlive() ? ", running" : ", exited with " + process.exitCode());
      process.logFile().ifPresent(file -> text.append(", log ").append(file));
      text.append(")\n").append(process.tail(TAIL_LINES));
    }
    return text.toString();
  }

  /** Carries the report as a suppressed exception; its stack trace would only be noise. */
  static final class ProcessLogs extends RuntimeException {
    ProcessLogs(String report) {
      super(report, null, false, false);
    }
  }
}

package dev.weft.cli.demo;

import java.io.PrintWriter;

/**
 * Where the demo shows itself: a live table redrawn in place on a terminal, or (headless) one line
 * per event, for scripts and tests. Both end with the summary.
 */
interface DemoOutput {
  /** Something happened. */
  void event(String stamped);

  /** The latest state, about once a second. */
  void frame(DemoFrame frame);

  /** The end. */
  void summary(DemoSummary summary);

  /** The live table. */
  static DemoOutput table(PrintWriter out, TableRenderer renderer) {
    return new DemoOutput() {
      private boolean cleared;

      @Override
      public void event(String stamped) {
        // Shown in the next frame.
      }

      @Override
      public synchronized void frame(DemoFrame frame) {
        if (!cleared) {
          out.print("\033[2J");
          cleared = true;
        }
        out.print(renderer.redraw(frame));
        out.flush();
      }

      @Override
      public synchronized void summary(DemoSummary summary) {
        summary.lines().forEach(out::println);
        out.flush();
      }
    };
  }

  /** One line per event, no table. */
  static DemoOutput headless(PrintWriter out) {
    return new DemoOutput() {
      @Override
      public synchronized void event(String stamped) {
        out.println(stamped);
        out.flush();
      }

      @Override
      public void frame(DemoFrame frame) {
        // Headless: the events say what changes.
      }

      @Override
      public synchronized void summary(DemoSummary summary) {
        summary.lines().forEach(out::println);
        out.flush();
      }
    };
  }
}

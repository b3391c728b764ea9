package dev.weft.cli.demo;

import dev.weft.cli.CliException;
import java.io.PrintWriter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The demo's composition root: builds one {@link Demo} and everything it uses. */
public final class DemoWiring {
  private DemoWiring() {}

  /**
   * Checks what the demo needs from the machine, creates the run directory and wires the demo.
   *
   * @throws CliException (exit 2) when a peer jar is missing or port {@value
   *     ConsumerPod#SOFA_EGRESS} is taken
   */
  public static Demo wire(
      DemoSettings settings, Install install, StoreChoice store, PrintWriter out) {
    install.requirePeerJars();
    Ports.requireFree(
        ConsumerPod.SOFA_EGRESS,
        "SOFA RPC's mesh consumer always dials that port on its agent's host, so the demo's"
            + " consumer sidecar takes Bolt there");
    RunDir runDir = RunDir.create(settings.runDir());
    DemoLogging.toFile(runDir.log("demo"));
    long start = System.nanoTime();
    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(2, daemons("weft-demo-scheduler"));
    ExecutorService blocking = Executors.newCachedThreadPool(daemons("weft-demo-blocking"));
    Finish finish = new Finish();
    Waits waits = new Waits(scheduler);
    Supervisor supervisor =
        new Supervisor(
            runDir, scheduler, waits, finish::fail, finish::interrupted, Supervisor.findSetsid());
    Http http = new Http();
    DemoOutput output =
        settings.table() ? DemoOutput.table(out, new TableRenderer()) : DemoOutput.headless(out);
    Events events = new Events(start, output::event);
    Ports ports = new Ports();
    PodContext context =
        new PodContext(
            supervisor,
            new Commands(install, Commands.currentJava(), System.getenv()),
            http,
            waits,
            new MeshViews(http),
            new DemoControlPlane(ports),
            ports,
            scheduler,
            blocking);
    Mesh mesh = new Mesh(context, store, runDir, settings.rate(), events::add);
    Scenario scenario = new Scenario(mesh, events::add, settings.hold());
    return new Demo(
        settings,
        store,
        runDir,
        mesh,
        scenario,
        new Traffic(),
        new StatsReader(http, mesh.consumer()::controlPort),
        output,
        events,
        finish,
        supervisor,
        scheduler,
        start);
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}

package dev.weft.peers.dubbo;

import dev.weft.peers.common.Args;
import dev.weft.peers.common.CallLoop;
import dev.weft.peers.common.CallRunner;
import dev.weft.peers.common.ControlServer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcException;

/**
 * {@code java -jar peers-dubbo.jar ROLE --key value ...}, Apache Dubbo 3 over the {@code dubbo}
 * protocol with Hessian2, no registry:
 *
 * <ul>
 *   <li>{@code dubbo-provider --port P [--name N]}: exports {@link EchoService} version 1.0.0,
 *       named {@code N} in its {@link EchoService#named} answers (default {@code dubbo-provider});
 *   <li>{@code dubbo-consumer --control-port C --target host:port}: references it with a direct
 *       {@code dubbo://} URL, driven over the control port ({@code GET /run?method=echo&calls=
 *       &concurrency=&timeoutMs=&slowMs=&service=missing&prefix=}); without {@code --control-port}
 *       it makes one run from its command line ({@code --calls 100 --concurrency 8}), prints the
 *       {@code SUMMARY} line and exits 0 only if every call got its own reply. Its {@link CallLoop}
 *       calls {@link EchoService#named}, from the start with {@code --loop-rate N}, else once
 *       {@code GET /loop/start?rate=N} asks (counters on {@code GET /stats}).
 * </ul>
 */
public final class Main {
  private static final Map<String, Object> REFERENCES = new ConcurrentHashMap<>();
  private static final AtomicInteger RUNS = new AtomicInteger();
  // Held here: java.util.logging keeps loggers only weakly.
  private static final Logger NET_UTILS_LOG =
      Logger.getLogger("org.apache.dubbo.common.utils.NetUtils");

  private Main() {}

  public static void main(String[] argv) throws Exception {
    // Dubbo replaces 127.0.0.1 in a direct URL with the machine's first non-loopback address
    // before it connects (NetUtils.filterLocalHost): with every interface ignored that address is
    // 127.0.0.1 again. Each lookup then logs a NullPointerException as a warning, which is muted.
    System.setProperty("dubbo.network.interface.ignored", ".*");
    NET_UTILS_LOG.setLevel(Level.SEVERE);
    // Without this every Dubbo JVM starts a QoS server on port 22222, and the second one fails.
    System.setProperty("dubbo.application.qos-enable", "false");
    // On SIGTERM Dubbo waits for calls in flight for up to dubbo.service.shutdown.wait (10 s),
    // and a provider that clients are still connected to takes about 5 s to exit even when none
    // is in flight; a peer that is stopped has been drained first (weft demo), so a second does.
    if (System.getProperty("dubbo.service.shutdown.wait") == null) {
      System.setProperty("dubbo.service.shutdown.wait", "1000");
    }
    if (argv.length == 0) {
      System.err.println("usage: peers-dubbo dubbo-provider|dubbo-consumer --key value ...");
      System.exit(2);
    }
    Args args = Args.parse(argv, 1);
    switch (argv[0]) {
      case "dubbo-provider":
        provider(args);
        break;
      case "dubbo-consumer":
        consumer(args);
        break;
      default:
        System.err.println("unknown role " + argv[0]);
        System.exit(2);
    }
  }

  private static ApplicationConfig application(String name) {
    ApplicationConfig application = new ApplicationConfig(name);
    application.setQosEnable(false);
    application.setRegisterMode("interface");
    return application;
  }

  private static void provider(Args args) {
    int port = Integer.parseInt(args.require("port"));
    ProtocolConfig protocol = new ProtocolConfig("dubbo", port);
    protocol.setHost("127.0.0.1");
    protocol.setSerialization("hessian2");
    ServiceConfig<EchoService> service = new ServiceConfig<>();
    service.setInterface(EchoService.class);
    String name = args.get("name", "dubbo-provider");
    service.setRef(new EchoServiceImpl(name));
    service.setVersion("1.0.0");
    DubboBootstrap.getInstance()
        .application(application(args.get("app", "weft-dubbo-provider")))
        .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
        .protocol(protocol)
        .service(service)
        .start();
    System.out.println("READY dubbo-provider port=" + port + " name=" + name);
    // Dubbo's threads are daemons: keep the JVM up until it is stopped.
    DubboBootstrap.getInstance().await();
  }

  private static void consumer(Args args) throws Exception {
    String name = args.get("name", "dubbo-consumer");
    String defaultTarget = args.require("target");
    int connections = args.getInt("connections", 2);
    int heartbeat = args.getInt("heartbeat-ms", 0);
    DubboBootstrap bootstrap =
        DubboBootstrap.getInstance()
            .application(application(name))
            .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE));
    bootstrap.start();
    Map<String, Function<Args, String>> handlers = new HashMap<>();
    handlers.put(
        "/run",
        query -> {
          boolean missing = query.get("service", "echo").equals("missing");
          Object reference =
              reference(
                  bootstrap,
                  query.get("target", defaultTarget),
                  query.getInt("timeoutMs", 3000),
                  missing,
                  connections,
                  heartbeat);
          String method = query.get("method", "echo");
          int slowMs = query.getInt("slowMs", 0);
          return CallRunner.run(
              name + "-" + query.get("prefix", "run" + RUNS.incrementAndGet()),
              query.getInt("calls", 1),
              query.getInt("concurrency", 1),
              method + ":",
              missing
                  ? ((MissingService) reference)::echo
                  : CallRunner.echoMethod(
                      method,
                      slowMs,
                      ((EchoService) reference)::echo,
                      ((EchoService) reference)::slow,
                      ((EchoService) reference)::fail),
              Main::kind);
        });
    CallLoop loop =
        CallLoop.of(
            args,
            name,
            token ->
                ((EchoService)
                        reference(bootstrap, defaultTarget, 3000, false, connections, heartbeat))
                    .named(token),
            Main::kind);
    ControlServer.serveOrRunOnce(args, loop.handlers(handlers));
    System.out.println("READY dubbo-consumer " + name + " target=" + defaultTarget);
  }

  /**
   * The reference to {@link EchoService} (or, when {@code missing}, {@link MissingService}) at
   * {@code target} with {@code timeout}, made at its first use.
   */
  private static Object reference(
      DubboBootstrap bootstrap,
      String target,
      int timeout,
      boolean missing,
      int connections,
      int heartbeat) {
    return REFERENCES.computeIfAbsent(
        target + "|" + timeout + "|" + missing,
        key ->
            missing
                ? refer(bootstrap, MissingService.class, target, timeout, connections, heartbeat)
                : refer(bootstrap, EchoService.class, target, timeout, connections, heartbeat));
  }

  private static <T> T refer(
      DubboBootstrap bootstrap,
      Class<T> type,
      String target,
      int timeout,
      int connections,
      int heartbeat) {
    ReferenceConfig<T> reference = new ReferenceConfig<>();
    reference.setInterface(type);
    reference.setVersion("1.0.0");
    reference.setUrl("dubbo://" + target + "/" + type.getName() + "?serialization=hessian2");
    reference.setTimeout(timeout);
    reference.setRetries(0);
    reference.setCheck(false);
    reference.setConnections(connections);
    if (heartbeat > 0) {
      reference.setParameters(Map.of("heartbeat", String.valueOf(heartbeat)));
    }
    reference.setScopeModel(bootstrap.getApplicationModel().getDefaultModule());
    return reference.get();
  }

  static String kind(Throwable error) {
    if (error instanceof RpcException) {
      RpcException rpc = (RpcException) error;
      return rpc.isTimeout() ? "timeout" : "rpc" + rpc.getCode();
    }
    return error.getClass().getSimpleName();
  }
}

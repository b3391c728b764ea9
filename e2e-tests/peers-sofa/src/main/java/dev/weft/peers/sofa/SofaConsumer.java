package dev.weft.peers.sofa;

import com.alipay.sofa.rpc.config.ApplicationConfig;
import com.alipay.sofa.rpc.config.ConsumerConfig;
import com.alipay.sofa.rpc.config.RegistryConfig;
import com.alipay.sofa.rpc.core.exception.SofaRpcException;
import com.alipay.sofa.rpc.core.exception.SofaTimeOutException;
import dev.weft.peers.common.Args;
import dev.weft.peers.common.CallLoop;
import dev.weft.peers.common.CallRunner;
import dev.weft.peers.common.ControlServer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A SOFA RPC consumer with a direct Bolt URL ({@code --target}: the sidecar's egress port, or the
 * provider itself) or, with {@code --registry mesh://host:port}, referring through the sidecar's
 * mesh registry agent (SOFA RPC then dials the agent's host on port 12220), driven over its control
 * port: {@code GET /run?method=echo&calls=200&concurrency=16
 * &timeoutMs=3000&slowMs=0&uniqueId=&prefix=a}. Each call sends a token unique to this consumer
 * ({@code --name} plus the prefix and call number) and checks that the reply carries it. A {@code
 * target} in the query always means a direct URL. With a registry the consumer refers at start,
 * before it answers on its control port, so its subscription is in place when it is ready. Its
 * {@link CallLoop} calls {@link EchoService#named} through the default reference, from the start
 * with {@code --loop-rate N}, else once {@code GET /loop/start?rate=N} asks (counters on {@code GET
 * /stats}).
 */
final class SofaConsumer {
  private static final Map<String, EchoService> REFERENCES = new ConcurrentHashMap<>();
  private static final AtomicInteger RUNS = new AtomicInteger();

  private SofaConsumer() {}

  static void run(Args args) throws Exception {
    String name = args.get("name", "sofa-consumer");
    RegistryConfig registry =
        args.has("registry") ? MeshRegistry.of(args.require("registry")) : null;
    if (registry != null && args.has("target")) {
      throw new IllegalArgumentException("give --target or --registry, not both");
    }
    String defaultTarget = registry == null ? args.require("target") : null;
    int connections = args.getInt("connections", 2);
    int addressWaitMs = args.getInt("address-wait-ms", 5000);
    if (registry != null) {
      REFERENCES.put(
          key(null, 3000, ""), refer(name, registry, null, 3000, "", connections, addressWaitMs));
    }
    Map<String, Function<Args, String>> handlers = new HashMap<>();
    handlers.put(
        "/run",
        query -> {
          EchoService echo =
              reference(
                  name,
                  registry,
                  query.get("target", defaultTarget),
                  query.getInt("timeoutMs", 3000),
                  query.get("uniqueId", ""),
                  connections,
                  addressWaitMs);
          String method = query.get("method", "echo");
          int slowMs = query.getInt("slowMs", 0);
          String prefix = name + "-" + query.get("prefix", "run" + RUNS.incrementAndGet());
          return CallRunner.run(
              prefix,
              query.getInt("calls", 1),
              query.getInt("concurrency", 1),
              method + ":",
              CallRunner.echoMethod(method, slowMs, echo::echo, echo::slow, echo::fail),
              SofaConsumer::kind);
        });
    CallLoop loop =
        CallLoop.of(
            args,
            name,
            token ->
                reference(name, registry, defaultTarget, 3000, "", connections, addressWaitMs)
                    .named(token),
            SofaConsumer::kind);
    ControlServer.serveOrRunOnce(args, loop.handlers(handlers));
    System.out.println(
        "READY sofa-consumer "
            + name
            + (registry == null
                ? " target=" + defaultTarget
                : " registry=" + args.get("registry", "")));
  }

  /**
   * The reference for a direct {@code target} (or, when null, the registry), timeout and unique id,
   * made at its first use.
   */
  private static EchoService reference(
      String name,
      RegistryConfig registry,
      String target,
      int timeout,
      String uniqueId,
      int connections,
      int addressWaitMs) {
    return REFERENCES.computeIfAbsent(
        key(target, timeout, uniqueId),
        key ->
            refer(
                name,
                target == null ? registry : null,
                target,
                timeout,
                uniqueId,
                connections,
                addressWaitMs));
  }

  /** A reference per direct target (or the registry, {@code null}), timeout and unique id. */
  private static String key(String target, int timeout, String uniqueId) {
    return (target == null ? "registry" : target) + "|" + timeout + "|" + uniqueId;
  }

  /** A reference with a direct URL to {@code target}, or through {@code registry} when given. */
  private static EchoService refer(
      String app,
      RegistryConfig registry,
      String target,
      int timeout,
      String uniqueId,
      int connections,
      int addressWaitMs) {
    ConsumerConfig<EchoService> consumer =
        new ConsumerConfig<EchoService>()
            .setApplication(new ApplicationConfig().setAppName(app))
            .setInterfaceId(EchoService.class.getName())
            .setProtocol("bolt")
            .setTimeout(timeout)
            .setConnectionNum(connections)
            .setRetries(0)
            .setRepeatedReferLimit(-1)
            .setRegister(false);
    if (registry != null) {
      consumer.setRegistry(registry).setSubscribe(true).setAddressWait(addressWaitMs);
    } else if (target != null) {
      consumer.setDirectUrl("bolt://" + target);
    } else {
      throw new IllegalArgumentException("no target: give --target, target= or --registry");
    }
    if (!uniqueId.isEmpty()) {
      consumer.setUniqueId(uniqueId);
    }
    return consumer.refer();
  }

  static String kind(Throwable error) {
    if (error instanceof SofaTimeOutException) {
      return "timeout";
    }
    if (error instanceof SofaRpcException) {
      return "rpc" + ((SofaRpcException) error).getErrorType();
    }
    return error.getClass().getSimpleName();
  }
}

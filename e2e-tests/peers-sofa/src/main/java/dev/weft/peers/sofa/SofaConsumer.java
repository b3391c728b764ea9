package dev.weft.peers.sofa;

import com.alipay.sofa.rpc.config.ApplicationConfig;
import com.alipay.sofa.rpc.config.ConsumerConfig;
import com.alipay.sofa.rpc.core.exception.SofaRpcException;
import com.alipay.sofa.rpc.core.exception.SofaTimeOutException;
import dev.weft.peers.common.Args;
import dev.weft.peers.common.CallRunner;
import dev.weft.peers.common.ControlServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SOFA RPC consumer with a direct Bolt URL (the sidecar's egress port, or the provider itself),
 * driven over its control port: {@code GET /run?method=echo&calls=200&concurrency=16
 * &timeoutMs=3000&slowMs=0&uniqueId=&prefix=a}. Each call sends a token unique to this consumer
 * ({@code --name} plus the prefix and call number) and checks that the reply carries it.
 */
final class SofaConsumer {
  private static final Map<String, EchoService> REFERENCES = new ConcurrentHashMap<>();
  private static final AtomicInteger RUNS = new AtomicInteger();

  private SofaConsumer() {}

  static void run(Args args) throws Exception {
    String name = args.get("name", "sofa-consumer");
    String defaultTarget = args.require("target");
    int connections = args.getInt("connections", 2);
    ControlServer.serveOrRunOnce(
        args,
        Map.of(
            "/run",
            query -> {
              String target = query.get("target", defaultTarget);
              int timeout = query.getInt("timeoutMs", 3000);
              String uniqueId = query.get("uniqueId", "");
              EchoService echo =
                  REFERENCES.computeIfAbsent(
                      target + "|" + timeout + "|" + uniqueId,
                      key -> refer(name, target, timeout, uniqueId, connections));
              String method = query.get("method", "echo");
              int slowMs = query.getInt("slowMs", 0);
              String prefix = name + "-" + query.get("prefix", "run" + RUNS.incrementAndGet());
              return CallRunner.run(
                  prefix,
                  query.getInt("calls", 1),
                  query.getInt("concurrency", 1),
                  method + ":",
                  token -> {
                    switch (method) {
                      case "echo":
                        return echo.echo(token);
                      case "slow":
                        return echo.slow(token, slowMs);
                      case "fail":
                        return echo.fail(token);
                      default:
                        throw new IllegalArgumentException("unknown method " + method);
                    }
                  },
                  SofaConsumer::kind);
            }));
    System.out.println("READY sofa-consumer " + name + " target=" + defaultTarget);
  }

  private static EchoService refer(
      String app, String target, int timeout, String uniqueId, int connections) {
    ConsumerConfig<EchoService> consumer =
        new ConsumerConfig<EchoService>()
            .setApplication(new ApplicationConfig().setAppName(app))
            .setInterfaceId(EchoService.class.getName())
            .setProtocol("bolt")
            .setDirectUrl("bolt://" + target)
            .setTimeout(timeout)
            .setConnectionNum(connections)
            .setRetries(0)
            .setRepeatedReferLimit(-1)
            .setRegister(false);
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

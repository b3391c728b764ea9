package dev.weft.peers.sofa;

import com.alipay.remoting.ConnectionEventType;
import com.alipay.remoting.exception.RemotingException;
import com.alipay.remoting.rpc.RpcClient;
import com.alipay.remoting.rpc.exception.InvokeTimeoutException;
import dev.weft.peers.common.Args;
import dev.weft.peers.common.CallRunner;
import dev.weft.peers.common.ControlServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code --clients K} plain SOFA Bolt {@code RpcClient}s, each with its own connection to the
 * target, sending {@code String} requests without any header map (so without a {@code service}
 * key). Control port: {@code GET /run?calls=&concurrency=&timeoutMs=&slowMs=&prefix=&target=}
 * spreads the calls over the clients; {@code GET /connections} answers {@code connects=N closes=M}
 * counted from Bolt's connection events, which shows whether heartbeats kept the connections up.
 */
final class BoltClient {
  private static final AtomicInteger RUNS = new AtomicInteger();

  private BoltClient() {}

  static void run(Args args) throws Exception {
    String name = args.get("name", "bolt-client");
    String defaultTarget = args.require("target");
    AtomicInteger connects = new AtomicInteger();
    AtomicInteger closes = new AtomicInteger();
    List<RpcClient> clients = new ArrayList<>();
    for (int i = 0; i < args.getInt("clients", 3); i++) {
      RpcClient client = new RpcClient();
      client.addConnectionEventProcessor(
          ConnectionEventType.CONNECT, (remote, connection) -> connects.incrementAndGet());
      client.addConnectionEventProcessor(
          ConnectionEventType.CLOSE, (remote, connection) -> closes.incrementAndGet());
      client.startup();
      clients.add(client);
    }
    ControlServer.serveOrRunOnce(
        args,
        Map.of(
            "/run",
            query -> {
              // A target may carry Bolt URL options: "host:port?_PROTOCOL=2&_VERSION=2" is Bolt v2
              // with a CRC32 trailer on every frame.
              String target = query.get("target", defaultTarget);
              int timeout = query.getInt("timeoutMs", 3000);
              int slowMs = query.getInt("slowMs", -1);
              AtomicInteger next = new AtomicInteger();
              return CallRunner.run(
                  name + "-" + query.get("prefix", "run" + RUNS.incrementAndGet()),
                  query.getInt("calls", 1),
                  query.getInt("concurrency", 1),
                  slowMs < 0 ? "echo:" : "slow:",
                  token -> {
                    RpcClient client =
                        clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
                    String request = slowMs < 0 ? token : "slow:" + slowMs + ":" + token;
                    return (String) client.invokeSync(target, request, timeout);
                  },
                  BoltClient::kind);
            },
            "/connections",
            query -> "connects=" + connects.get() + " closes=" + closes.get()));
    System.out.println("READY bolt-client " + name + " target=" + defaultTarget);
  }

  static String kind(Throwable error) {
    if (error instanceof InvokeTimeoutException) {
      return "timeout";
    }
    if (error instanceof RemotingException) {
      return error.getClass().getSimpleName();
    }
    return error.getClass().getSimpleName();
  }
}

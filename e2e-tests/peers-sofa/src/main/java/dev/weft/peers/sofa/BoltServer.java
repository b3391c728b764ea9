package dev.weft.peers.sofa;

import com.alipay.remoting.BizContext;
import com.alipay.remoting.rpc.RpcServer;
import com.alipay.remoting.rpc.protocol.SyncUserProcessor;
import dev.weft.peers.common.Args;
import java.util.concurrent.TimeUnit;

/**
 * A plain SOFA Bolt {@code RpcServer} (no SOFA RPC on top): a {@code String} request {@code t} is
 * answered with {@code "echo:" + t}; a request {@code "slow:<ms>:<t>"} after {@code ms}.
 */
final class BoltServer {
  private BoltServer() {}

  static void run(Args args) {
    int port = Integer.parseInt(args.require("port"));
    RpcServer server = new RpcServer("127.0.0.1", port, false);
    server.registerUserProcessor(
        new SyncUserProcessor<String>() {
          @Override
          public Object handleRequest(BizContext context, String request) throws Exception {
            if (request.startsWith("slow:")) {
              String[] parts = request.split(":", 3);
              TimeUnit.MILLISECONDS.sleep(Long.parseLong(parts[1]));
              return "slow:" + parts[2];
            }
            return "echo:" + request;
          }

          @Override
          public String interest() {
            return String.class.getName();
          }
        });
    if (!server.start()) {
      throw new IllegalStateException("the bolt server did not start on port " + port);
    }
    System.out.println("READY bolt-server port=" + port);
  }
}

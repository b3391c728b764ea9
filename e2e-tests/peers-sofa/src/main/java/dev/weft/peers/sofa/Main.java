package dev.weft.peers.sofa;

import dev.weft.peers.common.Args;
import java.util.Arrays;

/**
 * {@code java -jar peers-sofa.jar ROLE --key value ...}. Roles:
 *
 * <ul>
 *   <li>{@code sofa-provider --port P [--registry mesh://host:port]}: SOFA RPC exports {@link
 *       EchoService} over Bolt, published through a sidecar's mesh registry agent when given;
 *   <li>{@code sofa-consumer --control-port C --target host:port}: a direct-URL SOFA RPC consumer,
 *       driven over its control port; with {@code --registry mesh://host:port} instead of {@code
 *       --target}, it refers through the mesh registry (and dials the agent's host on 12220);
 *   <li>{@code bolt-server --port P}: a plain SOFA Bolt {@code RpcServer} echoing strings;
 *   <li>{@code bolt-client --control-port C --target host:port}: plain {@code RpcClient}s (no
 *       {@code service} header), driven over the control port;
 *   <li>{@code bolt-load --target host:port ...}: raw Bolt frames with per-connection request IDs
 *       that start at 1 on every connection, for load and for deliberate ID collisions.
 * </ul>
 *
 * Servers print {@code READY ...} when they accept calls. A caller started without {@code
 * --control-port} makes one run from its command line ({@code --calls 1000 --concurrency 16
 * --method echo --timeoutMs 3000}), prints its {@code SUMMARY} line and exits 0 only if every call
 * got its own reply.
 */
public final class Main {
  private Main() {}

  public static void main(String[] argv) throws Exception {
    if (argv.length == 0) {
      System.err.println(
          "usage: peers-sofa ROLE --key value ...; roles: sofa-provider, sofa-consumer,"
              + " bolt-server, bolt-client, bolt-load");
      System.exit(2);
    }
    // Before any SOFA RPC class loads: no tracer (SOFATracer writes ~/logs/tracelog and is left
    // out of the class path), so the peers measure Bolt and not logging.
    System.setProperty("default.tracer", "");
    System.setProperty("module.load.list", "*,-sofaTracer,-restTracer");
    Args args = Args.parse(argv, 1);
    switch (argv[0]) {
      case "sofa-provider":
        SofaProvider.run(args);
        break;
      case "sofa-consumer":
        SofaConsumer.run(args);
        break;
      case "bolt-server":
        BoltServer.run(args);
        break;
      case "bolt-client":
        BoltClient.run(args);
        break;
      case "bolt-load":
        System.exit(BoltLoad.run(args));
        break;
      default:
        System.err.println("unknown role " + argv[0] + " in " + Arrays.toString(argv));
        System.exit(2);
    }
  }
}

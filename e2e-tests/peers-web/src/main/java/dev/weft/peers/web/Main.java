package dev.weft.peers.web;

import dev.weft.peers.common.Args;
import java.util.Arrays;

/**
 * {@code java -jar peers-web.jar ROLE --key value ...}. Roles:
 *
 * <ul>
 *   <li>{@code http-provider --port P --name N}: the JDK's HttpServer answering {@code GET
 *       /echo/<token>} with {@code "N echo:<token>"};
 *   <li>{@code http-consumer --target host:port --service S --control-port C --loop-rate R}: the
 *       JDK's HttpClient calling {@code http://host:port/echo/<token>} with {@code Host: S} (a
 *       sidecar's HTTP egress port and the service's dataId) R times a second;
 *   <li>{@code grpc-provider --port P --name N}: grpc-java serving {@link GrpcEcho#METHOD};
 *   <li>{@code grpc-consumer --target xds:///<dataId> --xds host:port --node-id ID --control-port C
 *       --loop-rate R}: a proxyless grpc-java client whose xDS bootstrap names the control plane at
 *       {@code host:port}, calling R times a second.
 * </ul>
 *
 * Providers print {@code READY ...} once they accept calls and stop gracefully on SIGTERM (calls in
 * flight are answered). Consumers run the demo loop ({@code dev.weft.peers.common.CallLoop}) and
 * serve its counters on {@code GET /stats} of their control port.
 */
public final class Main {
  private Main() {}

  public static void main(String[] argv) throws Exception {
    if (argv.length == 0) {
      System.err.println(
          "usage: peers-web ROLE --key value ...; roles: http-provider, http-consumer,"
              + " grpc-provider, grpc-consumer");
      System.exit(2);
    }
    // Before the first HttpClient or HttpServer class loads: the consumer sets Host (the service
    // its sidecar routes on), and the server answers without waiting for delayed ACKs.
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Args args = Args.parse(argv, 1);
    switch (argv[0]) {
      case "http-provider" -> HttpProvider.run(args);
      case "http-consumer" -> HttpConsumer.run(args);
      case "grpc-provider" -> GrpcProvider.run(args);
      case "grpc-consumer" -> GrpcConsumer.run(args);
      default -> {
        System.err.println("unknown role " + argv[0] + " in " + Arrays.toString(argv));
        System.exit(2);
      }
    }
  }
}

package dev.weft.benchmarks.grpc;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The backend of {@code benchmarks/load/grpc-unary.sh}: a grpc-java server (Netty transport) with
 * {@link EchoMethod}. Calls run on the transport's event loop ({@code directExecutor}), so the
 * server spends its CPU on HTTP/2 and gRPC framing, not on thread hand-offs.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.weft.benchmarks.grpc.GrpcEchoServer
 * 127.0.0.1:50051} serves until killed; port 0 picks a free port. It prints one line, {@code
 * listening on host:port}, once it accepts calls.
 */
public final class GrpcEchoServer {
  private GrpcEchoServer() {}

  /** Starts a server on {@code address}; the caller shuts it down. */
  public static Server start(InetSocketAddress address) throws IOException {
    return NettyServerBuilder.forAddress(address)
        .directExecutor()
        .addService(EchoMethod.service())
        .build()
        .start();
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: GrpcEchoServer host:port");
      System.exit(2);
    }
    Server server = start(Targets.parse(args[0]));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    InetSocketAddress bound = (InetSocketAddress) server.getListenSockets().get(0);
    System.out.println("listening on " + bound.getHostString() + ":" + bound.getPort());
    server.awaitTermination();
  }
}

package dev.weft.peers.web;

import dev.weft.peers.common.Args;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC provider on 127.0.0.1:{@code --port} serving {@link GrpcEcho#METHOD} as {@code --name}. It
 * registers nowhere: whoever runs it publishes its address in the registry (gRPC is proxyless, no
 * sidecar stands in front of it). On SIGTERM it stops taking calls and answers those in flight.
 */
final class GrpcProvider {
  private GrpcProvider() {}

  static void run(Args args) throws IOException, InterruptedException {
    int port = Integer.parseInt(args.require("port"));
    String name = args.get("name", "grpc-provider");
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(GrpcEcho.SERVICE)
            .addMethod(
                GrpcEcho.METHOD,
                ServerCalls.asyncUnaryCall(
                    (token, response) -> {
                      response.onNext(name + " echo:" + token);
                      response.onCompleted();
                    }))
            .build();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .addService(service)
            .build()
            .start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdown();
                  try {
                    server.awaitTermination(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  server.shutdownNow();
                },
                "grpc-provider-stop"));
    System.out.println("READY grpc-provider port=" + port + " name=" + name);
    server.awaitTermination();
  }
}

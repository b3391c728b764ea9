package dev.weft.cli.demo;

import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A provider pod's gRPC provider in the registry. gRPC is proxyless: no sidecar publishes for it,
 * so the demo does what {@code weft register --hold} does, on a registry session of the pod's own.
 * Closing the session removes the registration at once.
 */
final class GrpcRegistration implements AutoCloseable {
  private final ManagedChannel channel;
  private final RegistrySession session;
  private final String registId;

  GrpcRegistration(int registryPort, String pod, ScheduledExecutorService scheduler) {
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", registryPort).usePlaintext().build();
    this.session = new RegistrySession(channel, scheduler, "weft demo " + pod, "", state -> {});
    this.registId = pod + "/grpc";
  }

  /** Publishes 127.0.0.1:{@code port}; completes once the registry has stored it. */
  CompletableFuture<Void> publish(int port) {
    Endpoint endpoint =
        new Endpoint("127.0.0.1", port, Protocol.GRPC, Endpoint.DEFAULT_WEIGHT, "", Map.of());
    return session.publish(
        new Publication(ServiceId.of(DemoService.GRPC.dataId()), registId, "", List.of(endpoint)));
  }

  /** Withdraws it; completes once the registry has removed it. */
  CompletableFuture<Void> unpublish() {
    return session.unpublish(ServiceId.of(DemoService.GRPC.dataId()), registId);
  }

  /** Ends the session (blocks up to a second for the registry's confirmation). */
  @Override
  public void close() {
    session.close(Duration.ofSeconds(1));
    channel.shutdownNow();
  }
}

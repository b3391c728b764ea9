package dev.weft.cli;

import dev.weft.api.registry.v1.DeregisterRequest;
import dev.weft.api.registry.v1.DeregisterResponse;
import dev.weft.api.registry.v1.ListServicesRequest;
import dev.weft.api.registry.v1.RegisterRequest;
import dev.weft.api.registry.v1.RegisterResponse;
import dev.weft.api.registry.v1.RegistryGrpc;
import dev.weft.api.registry.v1.RegistryQueryGrpc;
import dev.weft.api.registry.v1.ServiceEndpoints;
import dev.weft.api.registry.v1.WatchServicesRequest;
import dev.weft.dataplane.config.HostPort;
import dev.weft.registry.model.ServiceSnapshot;
import dev.weft.registry.proto.RegistryProtos;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's connection to a registry ({@code --registry}). Calls fail fast: no waiting for the
 * registry to come up, and a short deadline. Failures become the CLI's errors: an unreachable
 * registry is exit code 3 naming its address, a refused request exit code 2 with the registry's
 * message.
 */
final class RegistryClient implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(5);

  private final HostPort address;
  private final ManagedChannel channel;

  RegistryClient(HostPort address) {
    this.address = address;
    this.channel =
        NettyChannelBuilder.forAddress(address.host(), address.port())
            .usePlaintext()
            .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) DEADLINE.toMillis())
            .keepAliveTime(10, TimeUnit.SECONDS)
            .keepAliveTimeout(5, TimeUnit.SECONDS)
            .build();
  }

  HostPort address() {
    return address;
  }

  /** For a {@code RegistrySession}. */
  Channel channel() {
    return channel;
  }

  RegisterResponse register(RegisterRequest request) {
    try {
      return registry().register(request);
    } catch (RuntimeException e) {
      throw failed(e);
    }
  }

  DeregisterResponse deregister(DeregisterRequest request) {
    try {
      return registry().deregister(request);
    } catch (RuntimeException e) {
      throw failed(e);
    }
  }

  /** Every service whose dataId starts with {@code prefix}, sorted. */
  List<ServiceSnapshot> list(String prefix) {
    List<ServiceEndpoints> services;
    try {
      services =
          RegistryQueryGrpc.newBlockingStub(channel)
              .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
              .listServices(ListServicesRequest.newBuilder().setDataIdPrefix(prefix).build())
              .getServicesList();
    } catch (RuntimeException e) {
      throw failed(e);
    }
    List<ServiceSnapshot> snapshots = new ArrayList<>(services.size());
    for (int i = 0; i < services.size(); i++) {
      snapshots.add(RegistryProtos.snapshot("services[" + i + "]", services.get(i)));
    }
    return snapshots;
  }

  /**
   * Watches every service whose dataId starts with {@code prefix}; cancel the returned context to
   * stop. The stream has no deadline.
   */
  Context.CancellableContext watch(String prefix, StreamObserver<ServiceEndpoints> observer) {
    Context.CancellableContext context = Context.current().withCancellation();
    context.run(
        () ->
            RegistryQueryGrpc.newStub(channel)
                .watchServices(
                    WatchServicesRequest.newBuilder().setDataIdPrefix(prefix).build(), observer));
    return context;
  }

  /** A failed call as the CLI reports it. */
  RuntimeException failed(Throwable error) {
    Status status = Status.fromThrowable(error);
    switch (status.getCode()) {
      case INVALID_ARGUMENT:
        return CliException.usage(status.getDescription(), error);
      case UNAVAILABLE:
      case DEADLINE_EXCEEDED:
        return CliException.unreachable("the registry", address.toString(), reason(status), error);
      case UNIMPLEMENTED:
        return CliException.unreachable(
            "the registry",
            address.toString(),
            "the server there does not serve the registry API",
            error);
      default:
        return new IllegalStateException(
            "the registry at " + address + " answered " + status, error);
    }
  }

  private static String reason(Status status) {
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return "no answer within " + Durations.format(DEADLINE);
    }
    String description =
        status.getDescription() != null ? status.getDescription() : status.getCode().name();
    return Reasons.of(status.getCause(), description);
  }

  private RegistryGrpc.RegistryBlockingStub registry() {
    return RegistryGrpc.newBlockingStub(channel)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.weft.registry.server;

import dev.weft.api.registry.v1.DeregisterRequest;
import dev.weft.api.registry.v1.DeregisterResponse;
import dev.weft.api.registry.v1.RegisterRequest;
import dev.weft.api.registry.v1.RegisterResponse;
import dev.weft.api.registry.v1.RegistryGrpc;
import dev.weft.api.registry.v1.SessionRequest;
import dev.weft.api.registry.v1.SessionResponse;
import dev.weft.registry.model.InvalidRegistrationException;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.proto.RegistryProtos;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@code weft.registry.v1.Registry}: sessions and persistent registrations. */
final class RegistryService extends RegistryGrpc.RegistryImplBase {
  private final RegistryNode node;

  RegistryService(RegistryNode node) {
    this.node = node;
  }

  @Override
  public StreamObserver<SessionRequest> session(StreamObserver<SessionResponse> out) {
    return new SessionStream(node, (ServerCallStreamObserver<SessionResponse>) out);
  }

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> out) {
    unary(
        out,
        () -> {
          Publication publication =
              RegistryProtos.publication("publication", request.getPublication(), "");
          return node.store().putPersistent(publication);
        },
        replaced -> RegisterResponse.newBuilder().setReplaced(replaced).build());
  }

  @Override
  public void deregister(DeregisterRequest request, StreamObserver<DeregisterResponse> out) {
    unary(
        out,
        () -> {
          ServiceId service = RegistryProtos.service("key", request.getKey());
          if (request.getRegistId().isBlank()) {
            throw new InvalidRegistrationException("regist_id", "a non-blank string", "''");
          }
          return node.store().deletePersistent(service, request.getRegistId());
        },
        found -> DeregisterResponse.newBuilder().setFound(found).build());
  }

  /** Bad input is INVALID_ARGUMENT with the field; a store failure is UNAVAILABLE naming it. */
  static <T, R> void unary(
      StreamObserver<R> out, Supplier<CompletableFuture<T>> call, Function<T, R> response) {
    CompletableFuture<T> future;
    try {
      future = call.get();
    } catch (InvalidRegistrationException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    future.whenComplete(
        (value, error) -> {
          if (error == null) {
            out.onNext(response.apply(value));
            out.onCompleted();
          } else {
            out.onError(
                Status.UNAVAILABLE
                    .withDescription("registry store: " + SessionStream.describe(error))
                    .asRuntimeException());
          }
        });
  }
}

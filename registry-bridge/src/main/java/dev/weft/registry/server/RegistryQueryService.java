package dev.weft.registry.server;

import dev.weft.api.registry.v1.GetServiceRequest;
import dev.weft.api.registry.v1.ListServicesRequest;
import dev.weft.api.registry.v1.ListServicesResponse;
import dev.weft.api.registry.v1.RegistryQueryGrpc;
import dev.weft.api.registry.v1.ServiceEndpoints;
import dev.weft.api.registry.v1.WatchServicesRequest;
import dev.weft.registry.model.InvalidRegistrationException;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import dev.weft.registry.proto.RegistryProtos;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Comparator;

/** {@code weft.registry.v1.RegistryQuery}: reads of this replica's view. */
final class RegistryQueryService extends RegistryQueryGrpc.RegistryQueryImplBase {
  private final RegistryNode node;

  RegistryQueryService(RegistryNode node) {
    this.node = node;
  }

  @Override
  public void listServices(ListServicesRequest request, StreamObserver<ListServicesResponse> out) {
    ListServicesResponse.Builder response = ListServicesResponse.newBuilder();
    node.view().services().stream()
        .filter(s -> s.service().dataId().startsWith(request.getDataIdPrefix()))
        .sorted(Comparator.comparing(ServiceSnapshot::service))
        .forEach(s -> response.addServices(RegistryProtos.snapshot(s)));
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void getService(GetServiceRequest request, StreamObserver<ServiceEndpoints> out) {
    ServiceId service;
    try {
      service = RegistryProtos.service("key", request.getKey());
    } catch (InvalidRegistrationException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    ServiceSnapshot snapshot = node.view().service(service);
    if (snapshot.endpoints().isEmpty()) {
      out.onError(
          Status.NOT_FOUND
              .withDescription("nobody publishes " + service.dataInfoId())
              .asRuntimeException());
      return;
    }
    out.onNext(RegistryProtos.snapshot(snapshot));
    out.onCompleted();
  }

  @Override
  public void watchServices(WatchServicesRequest request, StreamObserver<ServiceEndpoints> out) {
    ServerCallStreamObserver<ServiceEndpoints> call =
        (ServerCallStreamObserver<ServiceEndpoints>) out;
    StreamWriter<ServiceEndpoints> writer = new StreamWriter<>(call);
    String prefix = request.getDataIdPrefix();
    AutoCloseable subscription =
        node.fanout()
            .subscribeAll(
                service -> service.dataId().startsWith(prefix),
                snapshot ->
                    writer.sendLatest(snapshot.service(), RegistryProtos.snapshot(snapshot)));
    call.setOnCancelHandler(
        () -> {
          writer.cancelled();
          try {
            subscription.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }
}

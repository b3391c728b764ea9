package dev.weft.api.registry.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryProtoTest {
  private static final ServiceKey HELLO =
      ServiceKey.newBuilder()
          .setDataId("com.example.HelloService:1.0")
          .setGroup("SOFA")
          .setInstanceId("tenant-a")
          .build();

  private static ServiceEndpoints helloEndpoints() {
    return ServiceEndpoints.newBuilder()
        .setKey(HELLO)
        .setVersion(7)
        .addEndpoints(
            Endpoint.newBuilder()
                .setAddress("10.0.0.5")
                .setPort(12201)
                .setProtocol(Protocol.PROTOCOL_BOLT)
                .setWeight(100)
                .setZone("zone-a")
                .putAllMetadata(Map.of("app", "hello-provider")))
        .build();
  }

  @Test
  void aServiceListRoundTripsThroughItsBinaryEncoding() throws Exception {
    ServiceEndpoints original = helloEndpoints();

    ServiceEndpoints decoded = ServiceEndpoints.parseFrom(original.toByteArray());

    assertThat(decoded).isEqualTo(original);
    assertThat(decoded.getEndpoints(0).getMetadataMap()).containsEntry("app", "hello-provider");
    assertThat(decoded.getEndpoints(0).getProtocol()).isEqualTo(Protocol.PROTOCOL_BOLT);
  }

  @Test
  void unknownFieldsFromANewerWriterSurviveARoundTrip() throws Exception {
    byte[] newer =
        helloEndpoints().toBuilder()
            .setUnknownFields(
                com.google.protobuf.UnknownFieldSet.newBuilder()
                    .addField(
                        99,
                        com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                    .build())
            .build()
            .toByteArray();

    ServiceEndpoints older = ServiceEndpoints.parseFrom(newer);

    assertThat(older.getVersion()).isEqualTo(7);
    assertThat(older.toByteArray()).isEqualTo(newer);
  }

  @Test
  void theGeneratedGrpcStubsCallAServer() throws Exception {
    String name = InProcessServerBuilder.generateName();
    Server server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(new OneServiceRegistry())
            .build()
            .start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    try {
      RegistryQueryGrpc.RegistryQueryBlockingStub stub = RegistryQueryGrpc.newBlockingStub(channel);

      assertThat(stub.getService(GetServiceRequest.newBuilder().setKey(HELLO).build()))
          .isEqualTo(helloEndpoints());
      assertThat(stub.listServices(ListServicesRequest.getDefaultInstance()).getServicesList())
          .containsExactly(helloEndpoints());
      assertThatThrownBy(
              () ->
                  stub.getService(
                      GetServiceRequest.newBuilder()
                          .setKey(ServiceKey.newBuilder().setDataId("absent"))
                          .build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  /** A registry that knows one service. */
  private static final class OneServiceRegistry extends RegistryQueryGrpc.RegistryQueryImplBase {
    @Override
    public void listServices(
        ListServicesRequest request, StreamObserver<ListServicesResponse> response) {
      response.onNext(ListServicesResponse.newBuilder().addServices(helloEndpoints()).build());
      response.onCompleted();
    }

    @Override
    public void getService(GetServiceRequest request, StreamObserver<ServiceEndpoints> response) {
      if (request.getKey().equals(HELLO)) {
        response.onNext(helloEndpoints());
        response.onCompleted();
      } else {
        response.onError(Status.NOT_FOUND.withDescription("no such service").asRuntimeException());
      }
    }
  }
}

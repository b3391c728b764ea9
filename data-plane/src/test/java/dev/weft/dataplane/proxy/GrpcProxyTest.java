package dev.weft.dataplane.proxy;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.prefixRoute;
import static dev.weft.dataplane.TestConfigs.proxyListener;
import static dev.weft.dataplane.TestConfigs.router;
import static dev.weft.dataplane.proxy.EchoGrpcService.string;
import static dev.weft.dataplane.proxy.EchoGrpcService.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import dev.weft.testing.FreePorts;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** grpc-java clients and a grpc-java server with the sidecar between them, over h2c. */
class GrpcProxyTest {
  private static final int WINDOW = 1024 * 1024;

  private final EchoGrpcService service = new EchoGrpcService();
  private Server server;
  private Sidecar sidecar;
  private ManagedChannel channel;

  @BeforeEach
  void startServer() throws Exception {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .flowControlWindow(WINDOW)
            .addService(service.definition())
            .build()
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (sidecar != null) {
      sidecar.close();
    }
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Routes {@code /test.Echo/} to the cluster's one host. */
  private void startSidecar(int hostPort) {
    sidecar = Sidecar.create(SidecarOptions.defaults());
    sidecar.start(
        new SidecarConfig(
            List.of(proxyListener("egress", "r", "Auto")),
            List.of(router("r", prefixRoute("/test.Echo/", "backend"))),
            List.of(cluster("backend", "LB_ROUNDROBIN", local(hostPort))),
            Optional.empty()));
    InetSocketAddress address = sidecar.listenerAddress("egress");
    channel =
        NettyChannelBuilder.forAddress(address.getHostString(), address.getPort())
            .usePlaintext()
            .flowControlWindow(WINDOW)
            .build();
  }

  private void startSidecar() {
    startSidecar(server.getPort());
  }

  @Test
  void unaryCarriesMetadataBothWays() {
    startSidecar();
    Metadata sent = new Metadata();
    sent.put(EchoGrpcService.REQUEST_META, "m1");
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    var intercepted =
        ClientInterceptors.intercept(
            channel,
            MetadataUtils.newAttachHeadersInterceptor(sent),
            MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));

    byte[] reply =
        ClientCalls.blockingUnaryCall(
            intercepted, EchoGrpcService.UNARY, CallOptions.DEFAULT, utf8("hello"));

    assertThat(string(reply)).isEqualTo("echo:hello");
    assertThat(headers.get().get(EchoGrpcService.RESPONSE_META)).isEqualTo("header-m1");
    assertThat(trailers.get().get(EchoGrpcService.TRAILER_META)).isEqualTo("trailer-m1");
  }

  @Test
  void anErrorStatusAndItsTrailersReachTheClient() {
    startSidecar();
    Metadata sent = new Metadata();
    sent.put(EchoGrpcService.REQUEST_META, "m2");
    var intercepted =
        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(sent));

    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                ClientCalls.blockingUnaryCall(
                    intercepted, EchoGrpcService.NOT_FOUND, CallOptions.DEFAULT, utf8("x")));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(error.getStatus().getDescription()).isEqualTo("nothing here");
    assertThat(error.getTrailers().get(EchoGrpcService.TRAILER_META)).isEqualTo("trailer-m2");
  }

  @Test
  void serverStreaming() {
    startSidecar();

    Iterator<byte[]> messages =
        ClientCalls.blockingServerStreamingCall(
            channel, EchoGrpcService.SERVER_STREAM, CallOptions.DEFAULT, utf8("50"));

    List<String> received = new ArrayList<>();
    messages.forEachRemaining(m -> received.add(string(m)));
    assertThat(received).hasSize(50).startsWith("msg-0", "msg-1").endsWith("msg-49");
  }

  @Test
  void clientStreaming() throws Exception {
    startSidecar();
    Collector response = new Collector();

    StreamObserver<byte[]> requests =
        ClientCalls.asyncClientStreamingCall(
            channel.newCall(EchoGrpcService.CLIENT_STREAM, CallOptions.DEFAULT), response);
    for (int i = 0; i < 20; i++) {
      requests.onNext(utf8("r" + i));
    }
    requests.onCompleted();

    List<String> replies = response.done.get(30, TimeUnit.SECONDS);
    assertThat(replies).hasSize(1);
    assertThat(replies.get(0)).startsWith("r0,r1,r2,").endsWith("r19,");
  }

  @Test
  void bidiStreamingInterleavesRequestsAndResponses() throws Exception {
    startSidecar();
    Collector response = new Collector();

    StreamObserver<byte[]> requests =
        ClientCalls.asyncBidiStreamingCall(
            channel.newCall(EchoGrpcService.BIDI, CallOptions.DEFAULT), response);
    for (int i = 0; i < 10; i++) {
      requests.onNext(utf8("b" + i));
      int expected = i + 1;
      // Each answer arrives before the next request is sent: the stream is full duplex.
      await().until(() -> response.received.size() == expected);
    }
    requests.onCompleted();

    assertThat(response.done.get(30, TimeUnit.SECONDS))
        .containsExactly(
            "re:b0", "re:b1", "re:b2", "re:b3", "re:b4", "re:b5", "re:b6", "re:b7", "re:b8",
            "re:b9");
  }

  @Test
  void aSlowReaderHoldsTheServerBackThroughTheSidecar() throws Exception {
    startSidecar();
    int count = 200;
    int size = 256 * 1024; // 50 MiB in all
    AtomicInteger received = new AtomicInteger();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(EchoGrpcService.FLOOD, CallOptions.DEFAULT);
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(byte[] message) {
            assertThat(message).hasSize(size);
            received.incrementAndGet();
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    call.request(1); // read one message, then nothing until asked
    call.sendMessage(EchoGrpcService.floodRequest(count, size));
    call.halfClose();

    await().untilTrue(service.floodBlocked);
    await().until(() -> received.get() == 1);
    // Windows of 1 MiB on each side of the sidecar, plus what the transports queue: nowhere near
    // the 50 MiB the server would send if the sidecar read on regardless.
    long sentBytes = (long) service.floodSent.get() * size;
    assertThat(sentBytes).isLessThan(8L * 1024 * 1024);

    call.request(Integer.MAX_VALUE);
    assertThat(closed.get(60, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
    assertThat(received.get()).isEqualTo(count);
    assertThat(service.floodSent.get()).isEqualTo(count);
  }

  @Test
  void aSlowServerHoldsTheClientBackThroughTheSidecar() throws Exception {
    startSidecar();
    int count = 200;
    byte[] chunk = new byte[256 * 1024]; // 50 MiB in all
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean blocked = new AtomicBoolean();
    AtomicReference<String> reply = new AtomicReference<>();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(EchoGrpcService.SINK, CallOptions.DEFAULT);
    Object lock = new Object();
    Runnable pump =
        () -> {
          synchronized (lock) {
            while (call.isReady() && sent.get() < count) {
              call.sendMessage(chunk);
              sent.incrementAndGet();
            }
            if (sent.get() < count) {
              blocked.set(true);
            } else if (sent.getAndIncrement() == count) {
              call.halfClose();
            }
          }
        };
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onReady() {
            pump.run();
          }

          @Override
          public void onMessage(byte[] message) {
            reply.set(string(message));
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    call.request(1);
    pump.run();

    await().untilTrue(blocked);
    await().until(() -> service.sinkReceived.get() == 1);
    long sentBytes = (long) Math.min(sent.get(), count) * chunk.length;
    assertThat(sentBytes).isLessThan(8L * 1024 * 1024);

    service.sink.request(Integer.MAX_VALUE);
    assertThat(closed.get(60, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
    assertThat(reply.get()).isEqualTo(Integer.toString(count));
  }

  @Test
  void aCallCancelledByTheClientIsResetUpstream() {
    startSidecar();
    ClientCall<byte[], byte[]> call = channel.newCall(EchoGrpcService.HANG, CallOptions.DEFAULT);
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    call.request(1);
    call.sendMessage(utf8("wait"));
    call.halfClose();
    await().untilTrue(service.hangStarted);

    call.cancel("client gave up", null);

    await().untilTrue(service.hangCancelled);
    assertThat(closed.join().getCode()).isEqualTo(Status.Code.CANCELLED);
  }

  @Test
  void aMethodWithoutARouteIsUnimplemented() {
    startSidecar();
    var other =
        EchoGrpcService.method("Call", io.grpc.MethodDescriptor.MethodType.UNARY).toBuilder()
            .setFullMethodName("other.Service/Call")
            .build();

    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> ClientCalls.blockingUnaryCall(channel, other, CallOptions.DEFAULT, utf8("x")));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(error.getStatus().getDescription()).startsWith("no route for POST");
  }

  @Test
  void anUnreachableHostIsUnavailable() {
    startSidecar(FreePorts.loopback());

    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                ClientCalls.blockingUnaryCall(
                    channel, EchoGrpcService.UNARY, CallOptions.DEFAULT, utf8("x")));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.getStatus().getDescription()).contains("upstream connect error");
  }

  /** Collects a call's responses. */
  private static final class Collector implements StreamObserver<byte[]> {
    final List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    final CompletableFuture<List<String>> done = new CompletableFuture<>();

    @Override
    public void onNext(byte[] value) {
      received.add(string(value));
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      done.complete(List.copyOf(received));
    }
  }
}

package dev.weft.dataplane.proxy;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gRPC service defined without protoc: byte-array messages, one method per call shape, and an
 * interceptor that answers metadata {@code x-request-meta} with a response header and a trailer.
 */
final class EchoGrpcService {
  static final String SERVICE = "test.Echo";
  static final Metadata.Key<String> REQUEST_META =
      Metadata.Key.of("x-request-meta", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> RESPONSE_META =
      Metadata.Key.of("x-response-meta", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> TRAILER_META =
      Metadata.Key.of("x-trailer-meta", Metadata.ASCII_STRING_MARSHALLER);

  static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  static final MethodDescriptor<byte[], byte[]> UNARY = method("Unary", MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> NOT_FOUND = method("NotFound", MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> SERVER_STREAM =
      method("ServerStream", MethodType.SERVER_STREAMING);
  static final MethodDescriptor<byte[], byte[]> CLIENT_STREAM =
      method("ClientStream", MethodType.CLIENT_STREAMING);
  static final MethodDescriptor<byte[], byte[]> BIDI = method("Bidi", MethodType.BIDI_STREAMING);
  static final MethodDescriptor<byte[], byte[]> FLOOD =
      method("Flood", MethodType.SERVER_STREAMING);
  static final MethodDescriptor<byte[], byte[]> HANG = method("Hang", MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> SINK = method("Sink", MethodType.CLIENT_STREAMING);

  /** Messages the flood has handed to gRPC so far. */
  final AtomicInteger floodSent = new AtomicInteger();

  /** Whether the flood found the call not ready (the client's window is full). */
  final AtomicBoolean floodBlocked = new AtomicBoolean();

  /** Messages the sink took in; it asks for one, then only as many as {@link #sink} is told. */
  final AtomicInteger sinkReceived = new AtomicInteger();

  volatile ServerCallStreamObserver<byte[]> sink;
  final AtomicBoolean hangStarted = new AtomicBoolean();
  final AtomicBoolean hangCancelled = new AtomicBoolean();

  static MethodDescriptor<byte[], byte[]> method(String name, MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** {@code count} messages of {@code size} bytes each, as the flood's request. */
  static byte[] floodRequest(int count, int size) {
    return ByteBuffer.allocate(8).putInt(count).putInt(size).array();
  }

  ServerServiceDefinition definition() {
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(
                UNARY,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      response.onNext(utf8("echo:" + string(request)));
                      response.onCompleted();
                    }))
            .addMethod(
                NOT_FOUND,
                ServerCalls.asyncUnaryCall(
                    (request, response) ->
                        response.onError(
                            Status.NOT_FOUND.withDescription("nothing here").asRuntimeException())))
            .addMethod(
                SERVER_STREAM,
                ServerCalls.asyncServerStreamingCall(
                    (request, response) -> {
                      int count = Integer.parseInt(string(request));
                      for (int i = 0; i < count; i++) {
                        response.onNext(utf8("msg-" + i));
                      }
                      response.onCompleted();
                    }))
            .addMethod(CLIENT_STREAM, ServerCalls.asyncClientStreamingCall(this::clientStream))
            .addMethod(BIDI, ServerCalls.asyncBidiStreamingCall(this::bidi))
            .addMethod(FLOOD, ServerCalls.asyncServerStreamingCall(this::flood))
            .addMethod(SINK, ServerCalls.asyncClientStreamingCall(this::sink))
            .addMethod(
                HANG,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      ((ServerCallStreamObserver<byte[]>) response)
                          .setOnCancelHandler(() -> hangCancelled.set(true));
                      hangStarted.set(true);
                    }))
            .build();
    return ServerInterceptors.intercept(service, new MetadataEcho());
  }

  private StreamObserver<byte[]> clientStream(StreamObserver<byte[]> response) {
    return new StreamObserver<>() {
      private final StringBuilder received = new StringBuilder();

      @Override
      public void onNext(byte[] value) {
        received.append(string(value)).append(',');
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        response.onNext(utf8(received.toString()));
        response.onCompleted();
      }
    };
  }

  private StreamObserver<byte[]> bidi(StreamObserver<byte[]> response) {
    return new StreamObserver<>() {
      @Override
      public void onNext(byte[] value) {
        response.onNext(utf8("re:" + string(value)));
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        response.onCompleted();
      }
    };
  }

  /** Reads one message, then only what the test asks {@link #sink} for. */
  private StreamObserver<byte[]> sink(StreamObserver<byte[]> observer) {
    ServerCallStreamObserver<byte[]> response = (ServerCallStreamObserver<byte[]>) observer;
    response.disableAutoRequest();
    sink = response;
    response.request(1);
    return new StreamObserver<>() {
      @Override
      public void onNext(byte[] value) {
        sinkReceived.incrementAndGet();
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        response.onNext(utf8(Integer.toString(sinkReceived.get())));
        response.onCompleted();
      }
    };
  }

  /** Sends as much as the call is ready for, then waits for it to be ready again. */
  private void flood(byte[] request, StreamObserver<byte[]> observer) {
    ByteBuffer params = ByteBuffer.wrap(request);
    int count = params.getInt();
    byte[] message = new byte[params.getInt()];
    ServerCallStreamObserver<byte[]> response = (ServerCallStreamObserver<byte[]>) observer;
    AtomicBoolean completed = new AtomicBoolean();
    Runnable drain =
        () -> {
          while (response.isReady() && floodSent.get() < count) {
            response.onNext(message);
            floodSent.incrementAndGet();
          }
          if (floodSent.get() < count) {
            floodBlocked.set(true);
          } else if (completed.compareAndSet(false, true)) {
            response.onCompleted();
          }
        };
    response.setOnReadyHandler(drain);
    drain.run();
  }

  /** Answers {@code x-request-meta} with {@code x-response-meta} and {@code x-trailer-meta}. */
  private static final class MetadataEcho implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String meta = headers.get(REQUEST_META);
      if (meta == null) {
        return next.startCall(call, headers);
      }
      return next.startCall(
          new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
              responseHeaders.put(RESPONSE_META, "header-" + meta);
              super.sendHeaders(responseHeaders);
            }

            @Override
            public void close(Status status, Metadata trailers) {
              trailers.put(TRAILER_META, "trailer-" + meta);
              super.close(status, trailers);
            }
          },
          headers);
    }
  }
}

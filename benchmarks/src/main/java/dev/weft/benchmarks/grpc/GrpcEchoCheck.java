package dev.weft.benchmarks.grpc;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The load script's sanity check: one {@link EchoMethod} call through each target with a grpc-java
 * client, which takes its status from the {@code grpc-status} trailer (a missing trailer is an
 * error, not OK). Prints one line per target; exits 1 unless every call was OK and echoed its
 * request.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.weft.benchmarks.grpc.GrpcEchoCheck
 * 127.0.0.1:50051 127.0.0.1:8080}
 */
public final class GrpcEchoCheck {
  private static final byte[] PAYLOAD = "weft grpc-unary check".getBytes(StandardCharsets.UTF_8);

  private GrpcEchoCheck() {}

  /** What one call returned: its status, and whether the reply equalled the request. */
  public record Result(Status status, boolean echoed) {
    public boolean ok() {
      return status.isOk() && echoed;
    }

    @Override
    public String toString() {
      return "grpc-status "
          + status.getCode().value()
          + " ("
          + status.getCode()
          + (status.getDescription() == null ? "" : ": " + status.getDescription())
          + ")"
          + (status.isOk() ? (echoed ? ", reply echoes the request" : ", reply DIFFERS") : "");
    }
  }

  /** Makes one call to {@code target} and waits for it, at most 5 seconds. */
  public static Result call(InetSocketAddress target) throws InterruptedException {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(target.getHostString(), target.getPort())
            .usePlaintext()
            .build();
    try {
      byte[] reply =
          ClientCalls.blockingUnaryCall(
              channel,
              EchoMethod.CALL,
              CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
              PAYLOAD);
      return new Result(Status.OK, Arrays.equals(reply, PAYLOAD));
    } catch (StatusRuntimeException e) {
      return new Result(e.getStatus(), false);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: GrpcEchoCheck host:port...");
      System.exit(2);
    }
    boolean allOk = true;
    for (String target : args) {
      Result result = call(Targets.parse(target));
      System.out.println(target + ": " + result);
      allOk &= result.ok();
    }
    System.exit(allOk ? 0 : 1);
  }
}

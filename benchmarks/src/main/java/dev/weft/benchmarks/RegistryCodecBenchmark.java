package dev.weft.benchmarks;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.weft.api.registry.v1.Endpoint;
import dev.weft.api.registry.v1.Protocol;
import dev.weft.api.registry.v1.ServiceEndpoints;
import dev.weft.api.registry.v1.ServiceKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding and decoding one service's endpoint list, the value the registry stores in etcd and
 * pushes to every subscriber on each change.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar RegistryCodecBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RegistryCodecBenchmark {
  @Param({"10", "100"})
  public int endpoints;

  private ServiceEndpoints list;
  private byte[] encoded;

  @Setup
  public void setUp() {
    list = serviceWith(endpoints);
    encoded = list.toByteArray();
  }

  /** A service list with {@code count} endpoints, as a provider fleet would publish it. */
  public static ServiceEndpoints serviceWith(int count) {
    ServiceEndpoints.Builder builder =
        ServiceEndpoints.newBuilder()
            .setKey(ServiceKey.newBuilder().setDataId("com.example.HelloService:1.0"))
            .setVersion(42);
    for (int i = 0; i < count; i++) {
      builder.addEndpoints(
          Endpoint.newBuilder()
              .setAddress("10.0." + (i / 250) + "." + (i % 250 + 1))
              .setPort(12201)
              .setProtocol(Protocol.PROTOCOL_BOLT)
              .setWeight(100)
              .setZone("zone-" + (i % 3))
              .putMetadata("app", "hello-provider"));
    }
    return builder.build();
  }

  @Benchmark
  public byte[] encode() {
    return list.toByteArray();
  }

  @Benchmark
  public ServiceEndpoints decode() throws InvalidProtocolBufferException {
    return ServiceEndpoints.parseFrom(encoded);
  }
}

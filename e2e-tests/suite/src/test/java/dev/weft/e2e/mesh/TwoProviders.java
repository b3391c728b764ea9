package dev.weft.e2e.mesh;

import dev.weft.testing.FreePorts;
import dev.weft.testing.process.ChildProcess;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Two HTTP provider pods ({@link HttpPod}) and one consumer sidecar subscribed to their service,
 * started at the same time under {@code mesh} and ready when returned; they stop with it.
 */
record TwoProviders(HttpPod one, HttpPod two, int consumerAdmin, int consumerEgress) {

  /**
   * provider-1 publishes {@code service}; provider-2 publishes it too when {@code bothPublish}, and
   * otherwise only runs, for a test to publish it later.
   */
  static TwoProviders start(ControlPlaneFixture mesh, String service, boolean bothPublish) {
    int[] ports = FreePorts.distinct("127.0.0.1", 10);
    String[] publish = {"--publish", "http:" + service};
    CompletableFuture<HttpPod> one =
        CompletableFuture.supplyAsync(
            () -> HttpPod.start(mesh, "provider-1", Arrays.copyOfRange(ports, 0, 4), publish));
    CompletableFuture<HttpPod> two =
        CompletableFuture.supplyAsync(
            () ->
                HttpPod.start(
                    mesh,
                    "provider-2",
                    Arrays.copyOfRange(ports, 4, 8),
                    bothPublish ? publish : new String[0]));
    CompletableFuture<ChildProcess> consumer =
        CompletableFuture.supplyAsync(
            () ->
                mesh.sidecar(
                    "consumer-1",
                    ports[8],
                    "--egress-port",
                    "http=" + ports[9],
                    "--subscribe",
                    "http:" + service));
    CompletableFuture.allOf(one, two, consumer).join();
    return new TwoProviders(one.join(), two.join(), ports[8], ports[9]);
  }
}

package dev.weft.cli.demo;

import java.util.concurrent.CompletableFuture;

/** What the {@link Scenario} does to the provider pods; {@link Mesh} does it to real processes. */
public interface PodControl {
  /** The name provider pod {@code index}'s apps answer with, e.g. {@code provider-2}. */
  static String providerName(int index) {
    return "provider-" + index;
  }

  /**
   * Starts provider pod {@code index}: its sidecar, its four providers and the gRPC provider's
   * registration; completes once all of them serve.
   */
  CompletableFuture<Void> startProviderPod(int index);

  /**
   * Withdraws everything the pod publishes, as its apps would when leaving gracefully (through its
   * sidecar's mesh agent; the gRPC provider's registration); completes once the registry confirmed.
   */
  CompletableFuture<Void> unpublishProviderPod(int index);

  /**
   * Whether the consumers' side no longer has the pod: the consumer sidecar's clusters, and the
   * endpoints the control plane gave the proxyless gRPC client (and it acknowledged).
   */
  CompletableFuture<Boolean> droppedByConsumers(int index);

  /** Stops the pod's apps, then its sidecar; completes once they exited. */
  CompletableFuture<Void> stopProviderPod(int index);
}

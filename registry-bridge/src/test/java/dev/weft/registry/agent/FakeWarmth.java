package dev.weft.registry.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sidecar whose clusters warm when the test says so; never, unless told. */
final class FakeWarmth implements ClusterWarmth {
  final List<String> asked = new CopyOnWriteArrayList<>();
  final List<Duration> timeouts = new CopyOnWriteArrayList<>();
  private final Map<String, CompletableFuture<Boolean>> clusters = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Boolean> awaitWarm(String cluster, Duration timeout) {
    asked.add(cluster);
    timeouts.add(timeout);
    return future(cluster);
  }

  void warm(String cluster) {
    future(cluster).complete(true);
  }

  private CompletableFuture<Boolean> future(String cluster) {
    return clusters.computeIfAbsent(cluster, c -> new CompletableFuture<>());
  }
}

package dev.weft.controlplane.translate;

import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import dev.weft.registry.model.Endpoint;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds {@link ClusterLoadAssignment}s: one locality per zone, each weighted by the sum of its
 * endpoints' weights and never below 1 (gRPC silently drops a locality without a weight).
 */
final class LoadAssignments {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(LoadAssignments.class);

  /** The key of Weft's endpoint metadata under {@code metadata.filter_metadata}. */
  static final String METADATA_KEY = "weft";

  /** Envoy wants each locality's endpoint weights, and the localities' weights, to fit uint32. */
  static final long MAX_TOTAL_WEIGHT = 0xFFFF_FFFFL;

  private LoadAssignments() {}

  /** The assignment of {@code clusterName} to {@code endpoints}, sorted by zone and endpoint. */
  static ClusterLoadAssignment of(String clusterName, List<Endpoint> endpoints) {
    Map<String, List<Endpoint>> byZone = new TreeMap<>();
    for (Endpoint endpoint : endpoints) {
      if (!endpoint.hasIpAddress()) {
        // A host name would make every sidecar reject the whole EDS response (xDS endpoints carry
        // IP addresses); it is left out, and said once per list (lists are memoized per version).
        log.warn(
            "cluster '{}': endpoint {} left out of EDS: its address is not an IP address",
            clusterName,
            endpoint.hostPort());
        continue;
      }
      byZone.computeIfAbsent(endpoint.zone(), z -> new ArrayList<>()).add(endpoint);
    }
    List<LocalityLbEndpoints.Builder> localities = new ArrayList<>(byZone.size());
    long[] localityWeights = new long[byZone.size()];
    for (Map.Entry<String, List<Endpoint>> zone : byZone.entrySet()) {
      List<Endpoint> sorted = new ArrayList<>(zone.getValue());
      sorted.sort(null);
      long[] weights = fit(sorted.stream().mapToLong(Endpoint::weight).toArray());
      LocalityLbEndpoints.Builder locality =
          LocalityLbEndpoints.newBuilder()
              .setLocality(Locality.newBuilder().setZone(zone.getKey()));
      long sum = 0;
      for (int i = 0; i < sorted.size(); i++) {
        locality.addLbEndpoints(lbEndpoint(sorted.get(i), weights[i]));
        sum += weights[i];
      }
      localityWeights[localities.size()] = Math.max(1, sum);
      localities.add(locality);
    }
    long[] fitted = fit(localityWeights);
    ClusterLoadAssignment.Builder assignment =
        ClusterLoadAssignment.newBuilder().setClusterName(clusterName);
    for (int i = 0; i < localities.size(); i++) {
      assignment.addEndpoints(localities.get(i).setLoadBalancingWeight(uint32(fitted[i])));
    }
    return assignment.build();
  }

  /** The one-endpoint assignment of a static cluster (the node's own app). */
  static ClusterLoadAssignment single(String clusterName, String address, int port) {
    return ClusterLoadAssignment.newBuilder()
        .setClusterName(clusterName)
        .addEndpoints(
            LocalityLbEndpoints.newBuilder()
                .setLocality(Locality.getDefaultInstance())
                .setLoadBalancingWeight(uint32(1))
                .addLbEndpoints(
                    LbEndpoint.newBuilder()
                        .setEndpoint(
                            io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                                .setAddress(Xds.address(address, port)))
                        .setHealthStatus(HealthStatus.HEALTHY)
                        .setLoadBalancingWeight(uint32(1))))
        .build();
  }

  private static LbEndpoint lbEndpoint(Endpoint endpoint, long weight) {
    Struct.Builder weft = Struct.newBuilder();
    Map<String, String> metadata = new TreeMap<>(endpoint.metadata());
    metadata.put("protocol", endpoint.protocol().id());
    metadata.forEach((k, v) -> weft.putFields(k, Value.newBuilder().setStringValue(v).build()));
    return LbEndpoint.newBuilder()
        .setEndpoint(
            io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                .setAddress(Xds.address(endpoint.address(), endpoint.port())))
        .setHealthStatus(HealthStatus.HEALTHY)
        .setLoadBalancingWeight(uint32(weight))
        .setMetadata(Metadata.newBuilder().putFilterMetadata(METADATA_KEY, weft.build()))
        .build();
  }

  /**
   * {@code weights} scaled down, each to at least 1, so that their sum fits {@link
   * #MAX_TOTAL_WEIGHT}; unchanged when it already does (the usual case).
   */
  static long[] fit(long[] weights) {
    long total = 0;
    for (long weight : weights) {
      total += weight;
    }
    if (total <= MAX_TOTAL_WEIGHT) {
      return weights;
    }
    // Each scaled weight is at most weight / divisor + 1, so the sum stays within the maximum.
    long room = MAX_TOTAL_WEIGHT - weights.length;
    long divisor = (total + room - 1) / room;
    long[] scaled = new long[weights.length];
    for (int i = 0; i < weights.length; i++) {
      scaled[i] = Math.max(1, weights[i] / divisor);
    }
    return scaled;
  }

  private static UInt32Value uint32(long value) {
    return UInt32Value.of((int) value);
  }
}

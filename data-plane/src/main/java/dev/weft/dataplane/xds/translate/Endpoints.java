package dev.weft.dataplane.xds.translate;

import dev.weft.dataplane.config.ClusterConfig.HostConfig;
import dev.weft.dataplane.config.HostPort;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code ClusterLoadAssignment} (EDS, or a STATIC cluster's {@code load_assignment}) as Weft's
 * hosts. Endpoints whose health is UNHEALTHY, DRAINING, TIMEOUT or DEGRADED are left out. A host's
 * weight is its endpoint's; with {@code locality_weighted_lb_config} it is scaled so that each
 * locality's hosts share the locality's weight, as Envoy splits traffic. Weights are then scaled
 * into Weft's 1 to 128 when any is above 128 or not whole.
 */
final class Endpoints {
  static final int MAX_WEIGHT = 128;

  private static final Set<String> ASSIGNMENT = Set.of("cluster_name", "endpoints", "policy");
  private static final Map<String, String> ASSIGNMENT_REASONS =
      Map.of("named_endpoints", "named endpoints");
  private static final Set<String> POLICY = Set.of("overprovisioning_factor");
  private static final Set<String> LOCALITY =
      Set.of("locality", "lb_endpoints", "load_balancing_weight", "priority", "metadata");
  private static final Map<String, String> LOCALITY_REASONS =
      Map.of(
          "load_balancer_endpoints", "LEDS endpoint lists",
          "leds_cluster_locality_config", "LEDS",
          "proximity", "locality proximity");
  private static final Set<String> LB_ENDPOINT =
      Set.of("endpoint", "health_status", "metadata", "load_balancing_weight");
  private static final Set<String> ENDPOINT = Set.of("address", "hostname", "health_check_config");
  private static final Map<String, String> ENDPOINT_REASONS =
      Map.of("additional_addresses", "additional endpoint addresses");

  private Endpoints() {}

  /** The healthy hosts of {@code assignment}, in its order; empty after a problem. */
  static List<HostConfig> hosts(
      ClusterLoadAssignment assignment, boolean localityWeighted, String path, Problems problems) {
    int before = problems.size();
    Fields.only(assignment, path, problems, ASSIGNMENT, ASSIGNMENT_REASONS);
    Fields.only(
        assignment.getPolicy(),
        Problems.at(path, "policy"),
        problems,
        POLICY,
        Map.of(
            "drop_overloads", "dropping requests for overload",
            "endpoint_stale_after", "stale endpoint expiry",
            "weighted_priority_health", "priority health weighting"));
    List<HostPort> addresses = new ArrayList<>();
    List<String> hostnames = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    List<Map<String, String>> metadata = new ArrayList<>();
    for (int i = 0; i < assignment.getEndpointsCount(); i++) {
      LocalityLbEndpoints locality = assignment.getEndpoints(i);
      String at = Problems.at(path, "endpoints", i);
      Fields.only(locality, at, problems, LOCALITY, LOCALITY_REASONS);
      if (locality.getPriority() != 0) {
        problems.unsupported(
            Problems.at(at, "priority"),
            "priority " + locality.getPriority() + " (failover); Weft has one priority, 0");
      }
      if (locality.hasLoadBalancingWeight() && locality.getLoadBalancingWeight().getValue() == 0) {
        problems.add(Problems.at(at, "load_balancing_weight"), "must be at least 1");
      }
      long localitySum = 0;
      int first = weights.size();
      for (int j = 0; j < locality.getLbEndpointsCount(); j++) {
        LbEndpoint endpoint = locality.getLbEndpoints(j);
        String endpointAt = Problems.at(at, "lb_endpoints", j);
        HostPort address = endpoint(endpoint, endpointAt, problems);
        if (address == null || !usable(endpoint.getHealthStatus())) {
          continue;
        }
        long weight =
            endpoint.hasLoadBalancingWeight()
                ? Integer.toUnsignedLong(endpoint.getLoadBalancingWeight().getValue())
                : 1;
        localitySum += weight;
        addresses.add(address);
        hostnames.add(endpoint.getEndpoint().getHostname());
        weights.add((double) weight);
        metadata.add(metadata(endpoint, locality));
      }
      if (localityWeighted && localitySum > 0) {
        long localityWeight =
            locality.hasLoadBalancingWeight()
                ? Integer.toUnsignedLong(locality.getLoadBalancingWeight().getValue())
                : 0;
        // Envoy sends a locality without a weight no traffic when weighting by locality.
        for (int k = first; k < weights.size(); k++) {
          weights.set(k, weights.get(k) * localityWeight / localitySum);
        }
      }
    }
    if (problems.size() != before) {
      return List.of();
    }
    List<Integer> scaled = scale(weights);
    List<HostConfig> hosts = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      if (scaled.get(i) > 0) {
        hosts.add(
            new HostConfig(addresses.get(i), hostnames.get(i), scaled.get(i), metadata.get(i)));
      }
    }
    return hosts;
  }

  private static HostPort endpoint(LbEndpoint endpoint, String path, Problems problems) {
    int before = problems.size();
    Fields.only(endpoint, path, problems, LB_ENDPOINT, Map.of("endpoint_name", "named endpoints"));
    if (endpoint.hasLoadBalancingWeight() && endpoint.getLoadBalancingWeight().getValue() == 0) {
      problems.add(Problems.at(path, "load_balancing_weight"), "must be at least 1");
    }
    String at = Problems.at(path, "endpoint");
    Fields.only(endpoint.getEndpoint(), at, problems, ENDPOINT, ENDPOINT_REASONS);
    if (!endpoint.getEndpoint().hasAddress()) {
      problems.add(Problems.at(at, "address"), "is required");
      return null;
    }
    HostPort address =
        Addresses.socket(
            endpoint.getEndpoint().getAddress(), Problems.at(at, "address"), problems, 1);
    return problems.size() == before ? address : null;
  }

  /** UNKNOWN and HEALTHY endpoints take traffic; the others do not, as in Envoy (DEGRADED too). */
  private static boolean usable(HealthStatus status) {
    return status == HealthStatus.UNKNOWN || status == HealthStatus.HEALTHY;
  }

  /**
   * The {@code weft} and {@code envoy.lb} metadata (the latter wins), strings only, plus the
   * locality's zone as {@code zone} unless the metadata has one.
   */
  private static Map<String, String> metadata(LbEndpoint endpoint, LocalityLbEndpoints locality) {
    Map<String, String> values =
        new LinkedHashMap<>(Fields.metadata(endpoint.getMetadata(), "weft", "", null));
    values.putAll(Fields.metadata(endpoint.getMetadata(), "envoy.lb", "", null));
    String zone = locality.getLocality().getZone();
    if (!zone.isEmpty()) {
      values.putIfAbsent("zone", zone);
    }
    return values;
  }

  /**
   * Whole weights up to 128 as they are; otherwise scaled so the largest is 128, each at least 1.
   */
  static List<Integer> scale(List<Double> weights) {
    double max = weights.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    boolean whole = weights.stream().allMatch(w -> w == Math.rint(w));
    List<Integer> scaled = new ArrayList<>(weights.size());
    for (double weight : weights) {
      if (weight <= 0) {
        scaled.add(0);
      } else if (whole && max <= MAX_WEIGHT) {
        scaled.add((int) weight);
      } else {
        scaled.add((int) Math.max(1, Math.round(weight * MAX_WEIGHT / max)));
      }
    }
    return scaled;
  }
}

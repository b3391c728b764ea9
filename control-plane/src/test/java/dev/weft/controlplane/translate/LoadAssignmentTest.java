package dev.weft.controlplane.translate;

import static dev.weft.controlplane.translate.FakeMesh.HELLO;
import static dev.weft.controlplane.translate.FakeMesh.bolt;
import static dev.weft.controlplane.translate.FakeMesh.endpoint;
import static dev.weft.controlplane.translate.FakeMesh.node;
import static dev.weft.controlplane.translate.FakeMesh.subscribing;
import static dev.weft.controlplane.translate.FakeMesh.subscribingZoneOnly;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.controlplane.mesh.NodeDemand;
import dev.weft.controlplane.mesh.NodeInfo;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Subscription;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** EDS: one locality per zone, weights gRPC accepts, zone filtering, endpoint metadata. */
class LoadAssignmentTest {
  private static final NodeInfo NODE_A = node("n-a", "zone-a");

  private final FakeMesh mesh =
      new FakeMesh()
          .put(
              HELLO,
              7,
              bolt("10.0.1.2", 100, "zone-b"),
              bolt("10.0.0.9", 50, "zone-a"),
              bolt("10.0.0.3", 100, "zone-a"),
              bolt("10.0.2.1", 30, ""));
  private final Translator translator = new Translator(mesh);

  @Test
  void oneLocalityPerZoneWeightedByTheSumOfItsEndpoints() {
    ClusterLoadAssignment assignment = assignment(NODE_A, subscribing(HELLO));

    assertThat(assignment.getClusterName()).isEqualTo("com.example.HelloService:1.0");
    assertThat(assignment.getEndpointsList())
        .extracting(l -> l.getLocality().getZone())
        .containsExactly("", "zone-a", "zone-b");
    assertThat(assignment.getEndpointsList())
        .extracting(l -> l.getLoadBalancingWeight().getValue())
        .containsExactly(30, 150, 100);
    LocalityLbEndpoints zoneA = assignment.getEndpoints(1);
    assertThat(zoneA.getLbEndpointsList())
        .extracting(e -> e.getEndpoint().getAddress().getSocketAddress().getAddress())
        .containsExactly("10.0.0.3", "10.0.0.9");
    LbEndpoint first = zoneA.getLbEndpoints(0);
    assertThat(first.getEndpoint().getAddress().getSocketAddress().getPortValue()).isEqualTo(12200);
    assertThat(first.getLoadBalancingWeight().getValue()).isEqualTo(100);
    assertThat(first.getHealthStatus()).isEqualTo(HealthStatus.HEALTHY);
    assertThat(assignment.getEndpoints(0).hasLocality())
        .as("empty zone, still a locality")
        .isTrue();
  }

  @Test
  void aZoneOnlySubscriptionSeesItsNodesZoneOnly() {
    ClusterLoadAssignment wildcard = assignment(NODE_A, subscribingZoneOnly(HELLO));
    Message named =
        translator
            .named(
                ResourceType.ENDPOINT,
                Set.of("com.example.HelloService:1.0"),
                node("n-b", "zone-b"),
                subscribingZoneOnly(HELLO))
            .get("com.example.HelloService:1.0");

    assertThat(wildcard.getEndpointsList())
        .singleElement()
        .satisfies(l -> assertThat(l.getLocality().getZone()).isEqualTo("zone-a"))
        .satisfies(l -> assertThat(l.getLbEndpointsCount()).isEqualTo(2));
    assertThat(((ClusterLoadAssignment) named).getEndpointsList())
        .extracting(l -> l.getLocality().getZone())
        .containsExactly("zone-b");
  }

  @Test
  void aServiceSubscribedBothZoneOnlyAndNotIsNotFiltered() {
    NodeDemand both =
        new NodeDemand(
            Set.of(new Subscription(HELLO, true), new Subscription(HELLO, false)), List.of());

    assertThat(assignment(NODE_A, both).getEndpointsCount()).isEqualTo(3);
  }

  @Test
  void withoutAZoneOnlySubscriptionNamedEdsIsNotFiltered() {
    Map<String, Message> named =
        translator.named(
            ResourceType.ENDPOINT, Set.of("com.example.HelloService:1.0"), NODE_A, NodeDemand.NONE);

    assertThat(
            ((ClusterLoadAssignment) named.get("com.example.HelloService:1.0")).getEndpointsCount())
        .isEqualTo(3);
  }

  @Test
  void endpointMetadataIsUnderWeftWithTheProtocolSorted() {
    mesh.put(
        HELLO,
        8,
        new Endpoint(
            "10.0.0.3",
            20880,
            Protocol.DUBBO,
            100,
            "zone-a",
            Map.of("version", "2", "app", "hello", "protocol", "not this")));

    LbEndpoint endpoint = assignment(NODE_A, subscribing(HELLO)).getEndpoints(0).getLbEndpoints(0);

    Struct weft = endpoint.getMetadata().getFilterMetadataOrThrow("weft");
    assertThat(weft.getFieldsMap().keySet()).containsExactly("app", "protocol", "version");
    assertThat(weft.getFieldsMap())
        .containsEntry("protocol", Value.newBuilder().setStringValue("dubbo").build())
        .containsEntry("app", Value.newBuilder().setStringValue("hello").build());
  }

  @Test
  void aSubscribedServiceWithoutEndpointsHasAnEmptyAssignment() {
    mesh.put(HELLO, 9);

    ClusterLoadAssignment assignment = assignment(NODE_A, subscribing(HELLO));

    assertThat(assignment.getClusterName()).isEqualTo("com.example.HelloService:1.0");
    assertThat(assignment.getEndpointsList()).isEmpty();
  }

  @Test
  void weightsThatWouldOverflowUint32AreScaledDownKeepingEveryLocalityAtLeastOne() {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      endpoints.add(bolt("10.1." + (i / 250) + "." + (i % 250), 1_000_000, "zone-a"));
    }
    endpoints.add(bolt("10.9.0.1", 1, "zone-b"));
    mesh.put(HELLO, 10, endpoints.toArray(Endpoint[]::new));

    ClusterLoadAssignment assignment = assignment(NODE_A, subscribing(HELLO));

    long localities = 0;
    for (LocalityLbEndpoints locality : assignment.getEndpointsList()) {
      long weight = Integer.toUnsignedLong(locality.getLoadBalancingWeight().getValue());
      assertThat(weight).isGreaterThanOrEqualTo(1);
      localities += weight;
      long sum = 0;
      for (LbEndpoint endpoint : locality.getLbEndpointsList()) {
        sum += Integer.toUnsignedLong(endpoint.getLoadBalancingWeight().getValue());
      }
      assertThat(sum).isLessThanOrEqualTo(0xFFFF_FFFFL);
    }
    assertThat(localities).isLessThanOrEqualTo(0xFFFF_FFFFL);
    assertThat(translator.invalid(ResourceType.ENDPOINT, assignment)).isEmpty();
  }

  @Test
  void fitLeavesSmallWeightsAloneAndScalesLargeOnesProportionally() {
    long[] small = {1, 2, 3};
    assertThat(LoadAssignments.fit(small)).isSameAs(small);

    long[] fitted = LoadAssignments.fit(new long[] {4_000_000_000L, 2_000_000_000L, 1});

    assertThat(fitted[0]).isEqualTo(2 * fitted[1]);
    assertThat(fitted[2]).isEqualTo(1);
    assertThat(fitted[0] + fitted[1] + fitted[2]).isLessThanOrEqualTo(0xFFFF_FFFFL);
  }

  private ClusterLoadAssignment assignment(NodeInfo node, NodeDemand demand) {
    return (ClusterLoadAssignment)
        translator
            .wildcard(ResourceType.ENDPOINT, node, demand)
            .get("com.example.HelloService:1.0");
  }

  @Test
  void anEndpointWithAHostNameIsLeftOutSoSidecarsDoNotRejectTheList() {
    ClusterLoadAssignment assignment =
        LoadAssignments.of(
            "svc",
            List.of(
                new Endpoint("10.0.0.5", 12200, Protocol.BOLT, 100, "", Map.of()),
                new Endpoint("provider.local", 12200, Protocol.BOLT, 100, "", Map.of()),
                new Endpoint("fd00::5", 12200, Protocol.BOLT, 100, "", Map.of())));

    assertThat(assignment.getEndpointsList())
        .flatExtracting(LocalityLbEndpoints::getLbEndpointsList)
        .extracting(e -> e.getEndpoint().getAddress().getSocketAddress().getAddress())
        .containsExactly("10.0.0.5", "fd00::5");
  }
}

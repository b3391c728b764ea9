package dev.weft.controlplane.translate;

import static dev.weft.controlplane.translate.FakeMesh.ECHO;
import static dev.weft.controlplane.translate.FakeMesh.GREETER;
import static dev.weft.controlplane.translate.FakeMesh.HELLO;
import static dev.weft.controlplane.translate.FakeMesh.TENANT_HELLO;
import static dev.weft.controlplane.translate.FakeMesh.bolt;
import static dev.weft.controlplane.translate.FakeMesh.endpoint;
import static dev.weft.controlplane.translate.FakeMesh.node;
import static dev.weft.controlplane.translate.FakeMesh.subscribing;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import dev.weft.controlplane.mesh.NodeDemand;
import dev.weft.controlplane.mesh.NodeInfo;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import dev.weft.registry.model.Subscription;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Equal inputs give equal messages and bytes; a service's messages are built once per version. */
class DeterminismAndMemoTest {
  private static final NodeInfo NODE = node("sidecar-1", "zone-a");
  private static final Set<String> NAMES =
      Set.of(
          "greeter",
          "com.example.HelloService:1.0",
          "com.example.HelloService:1.0#@#tenant-a#@#SOFA",
          "egress_bolt",
          "egress_bolt_router",
          "ingress_bolt_12201",
          "ingress_bolt_app");

  private static final Endpoint[] HELLO_ENDPOINTS = {
    bolt("10.0.0.2", 100, "zone-a"),
    new Endpoint(
        "10.0.0.1", 12200, Protocol.BOLT, 20, "zone-b", Map.of("z", "1", "a", "2", "m", "3")),
    bolt("10.0.0.3", 100, ""),
  };

  @Test
  void twoTranslatorsGiveEqualMessagesAndBytesWhateverTheInputOrder() throws Exception {
    Translator first = new Translator(mesh(false));
    Translator second = new Translator(mesh(true));

    for (ResourceType type : ResourceType.values()) {
      Map<String, Message> a = first.wildcard(type, NODE, demand(false));
      Map<String, Message> b = second.wildcard(type, NODE, demand(true));
      assertThat(List.copyOf(a.keySet())).isEqualTo(List.copyOf(b.keySet()));
      assertEqualBytes(a, b);

      Map<String, Message> namedA = first.named(type, NAMES, NODE, demand(false));
      Map<String, Message> namedB =
          second.named(type, new LinkedHashSet<>(NAMES), NODE, demand(true));
      assertThat(List.copyOf(namedA.keySet())).isEqualTo(List.copyOf(namedB.keySet()));
      assertEqualBytes(namedA, namedB);
    }
    assertThat(first.named(ResourceType.LISTENER, NAMES, NODE, demand(false)))
        .containsOnlyKeys(
            "greeter",
            "com.example.HelloService:1.0",
            "com.example.HelloService:1.0#@#tenant-a#@#SOFA",
            "egress_bolt",
            "ingress_bolt_12201");
  }

  @Test
  void aServicesClusterAndAssignmentAreTheSameInstancesWhileItsVersionStands() {
    FakeMesh mesh = mesh(false);
    Translator translator = new Translator(mesh);
    NodeDemand demand = subscribing(HELLO);

    Message cluster = cluster(translator, demand);
    Message assignment = assignment(translator, demand);
    assertThat(cluster(translator, demand)).isSameAs(cluster);
    assertThat(assignment(translator, demand)).isSameAs(assignment);
    assertThat(
            translator
                .named(ResourceType.ENDPOINT, Set.of("com.example.HelloService:1.0"), NODE, demand)
                .get("com.example.HelloService:1.0"))
        .isSameAs(assignment);

    mesh.put(HELLO, 2, bolt("10.0.0.9", 100, "zone-a"));

    Message changed = assignment(translator, demand);
    assertThat(changed).isNotSameAs(assignment).isNotEqualTo(assignment);
    assertThat(assignment(translator, demand)).isSameAs(changed);
    assertThat(cluster(translator, demand))
        .as("a cluster depends on the name only")
        .isSameAs(cluster);
  }

  @Test
  void theZoneFilterIsPartOfTheKey() {
    Translator translator = new Translator(mesh(false));

    Message all = assignment(translator, subscribing(HELLO));
    Message zoneA = assignment(translator, FakeMesh.subscribingZoneOnly(HELLO));

    assertThat(zoneA).isNotEqualTo(all);
    assertThat(assignment(translator, subscribing(HELLO))).isSameAs(all);
    assertThat(assignment(translator, FakeMesh.subscribingZoneOnly(HELLO))).isSameAs(zoneA);
  }

  @Test
  void anOlderSnapshotNeverReplacesANewerAssignment() {
    ServiceMemo memo = new ServiceMemo(100, Long.MAX_VALUE, System::nanoTime);
    ServiceSnapshot v2 = new ServiceSnapshot(HELLO, 2, List.of(bolt("10.0.0.2", 1, "")));
    ServiceSnapshot v1 = new ServiceSnapshot(HELLO, 1, List.of(bolt("10.0.0.1", 1, "")));

    var newer = memo.assignment(v2, false, "");
    var older = memo.assignment(v1, false, "");

    assertThat(older).isNotEqualTo(newer);
    assertThat(memo.assignment(v2, false, "")).isSameAs(newer);
  }

  @Test
  void idleEntriesOfServicesWithoutEndpointsAreDroppedOthersKept() {
    AtomicLong now = new AtomicLong();
    ServiceMemo memo = new ServiceMemo(100, Duration.ofMinutes(1).toNanos(), now::get);
    ServiceSnapshot gone = ServiceSnapshot.absent(ECHO, 5);
    ServiceSnapshot live = new ServiceSnapshot(HELLO, 5, List.of(bolt("10.0.0.2", 1, "")));
    var liveAssignment = memo.assignment(live, false, "");
    memo.assignment(gone, false, "");
    memo.cluster(ECHO);
    assertThat(memo.size()).isEqualTo(3);

    now.addAndGet(Duration.ofSeconds(59).toNanos());
    memo.sweep();
    assertThat(memo.size()).isEqualTo(3);

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    memo.sweep();
    assertThat(memo.size()).as("the live assignment stays").isEqualTo(1);
    assertThat(memo.assignment(live, false, "")).isSameAs(liveAssignment);
  }

  @Test
  void theMemoIsBoundedDroppingTheLeastRecentlyUsed() {
    AtomicLong now = new AtomicLong();
    ServiceMemo memo = new ServiceMemo(10, Long.MAX_VALUE, now::get);
    ServiceSnapshot first =
        new ServiceSnapshot(ServiceId.of("s0"), 1, List.of(bolt("10.0.0.1", 1, "")));
    memo.assignment(first, false, "");

    for (int i = 1; i < 50; i++) {
      now.incrementAndGet();
      memo.assignment(first, false, ""); // keeps s0 the most recently used
      now.incrementAndGet();
      memo.assignment(
          new ServiceSnapshot(ServiceId.of("s" + i), 1, List.of(bolt("10.0.0.1", 1, ""))),
          false,
          "");
      assertThat(memo.size()).isLessThanOrEqualTo(10);
    }
    var kept = memo.assignment(first, false, "");
    assertThat(memo.assignment(first, false, "")).isSameAs(kept);
    assertThat(memo.size()).isLessThanOrEqualTo(10);
  }

  @Test
  void aTranslatorWithATinyMemoStillAnswersEverything() {
    FakeMesh mesh = new FakeMesh();
    Set<ServiceId> services = new java.util.TreeSet<>();
    for (int i = 0; i < 40; i++) {
      ServiceId service = ServiceId.of("s" + i);
      mesh.put(service, i, bolt("10.0.0." + (i + 1), 1, "zone-a"));
      services.add(service);
    }
    Translator translator = new Translator(mesh, 3, Duration.ZERO, System::nanoTime);
    NodeDemand demand = subscribing(services.toArray(ServiceId[]::new));

    for (int round = 0; round < 3; round++) {
      Map<String, Message> clusters = translator.wildcard(ResourceType.CLUSTER, NODE, demand);
      Map<String, Message> assignments = translator.wildcard(ResourceType.ENDPOINT, NODE, demand);
      assertThat(clusters).hasSize(40);
      assertThat(assignments).hasSize(40);
      assignments.forEach(
          (name, assignment) ->
              assertThat(((ClusterLoadAssignment) assignment).getEndpoints(0).getLbEndpointsCount())
                  .as(name)
                  .isEqualTo(1));
    }
  }

  private static Message cluster(Translator translator, NodeDemand demand) {
    return translator
        .wildcard(ResourceType.CLUSTER, NODE, demand)
        .get("com.example.HelloService:1.0");
  }

  private static Message assignment(Translator translator, NodeDemand demand) {
    return translator
        .wildcard(ResourceType.ENDPOINT, NODE, demand)
        .get("com.example.HelloService:1.0");
  }

  private static FakeMesh mesh(boolean reversed) {
    List<Endpoint> hello = new ArrayList<>(List.of(HELLO_ENDPOINTS));
    if (reversed) {
      java.util.Collections.reverse(hello);
    }
    return new FakeMesh()
        .put(HELLO, 1, hello.toArray(Endpoint[]::new))
        .put(TENANT_HELLO, 4, bolt("10.0.1.1", 100, "zone-a"))
        .put(GREETER, 2, endpoint("10.0.0.7", 50051, Protocol.GRPC, 100, "zone-a"));
  }

  private static NodeDemand demand(boolean reversed) {
    List<Subscription> subscriptions =
        new ArrayList<>(
            List.of(
                new Subscription(HELLO, false),
                new Subscription(TENANT_HELLO, true),
                new Subscription(ECHO, false)));
    List<Endpoint> published =
        new ArrayList<>(
            List.of(
                endpoint("10.0.0.5", 12201, Protocol.BOLT, 100, ""),
                endpoint("10.0.0.5", 20881, Protocol.DUBBO, 100, ""),
                endpoint("10.0.0.5", 8081, Protocol.HTTP, 100, "")));
    if (reversed) {
      java.util.Collections.reverse(subscriptions);
      java.util.Collections.reverse(published);
    }
    return new NodeDemand(
        new LinkedHashSet<>(subscriptions),
        List.of(new Publication(HELLO, "r", "zone-a", published)));
  }

  private static void assertEqualBytes(Map<String, Message> a, Map<String, Message> b)
      throws Exception {
    for (String name : a.keySet()) {
      assertThat(b.get(name)).as(name).isEqualTo(a.get(name));
      assertThat(deterministicBytes(b.get(name)))
          .as(name)
          .isEqualTo(deterministicBytes(a.get(name)));
    }
  }

  private static byte[] deterministicBytes(Message message) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.useDeterministicSerialization();
    message.writeTo(out);
    out.flush();
    return bytes.toByteArray();
  }
}

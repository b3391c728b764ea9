package dev.weft.testing.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdThreeNodeClusterTest {
  @RegisterExtension static final EtcdExtension etcd = EtcdExtension.cluster(3);

  private final EtcdHttp http = new EtcdHttp();

  @Test
  @Order(1)
  void membersListenOnTheirOwnLoopbackAddresses() {
    assertThat(etcd.cluster().clientUrls())
        .extracting(url -> url.getHost())
        .containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3");
    assertThat(etcd.endpoints().split(",")).hasSize(3);
  }

  @Test
  @Order(2)
  void theClusterSurvivesTheLossOfItsLeader() throws Exception {
    EtcdCluster cluster = etcd.cluster();
    http.put(cluster.member(0).clientUrl(), "/weft/test/before", "1");

    EtcdMember oldLeader = cluster.leader();
    oldLeader.kill();
    assertThat(oldLeader.isRunning()).isFalse();

    EtcdMember newLeader = cluster.leader();
    assertThat(newLeader).isNotSameAs(oldLeader);
    List<EtcdMember> survivors =
        cluster.members().stream().filter(EtcdMember::isRunning).collect(Collectors.toList());
    assertThat(survivors).hasSize(2);
    await("a write succeeds on the surviving quorum")
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .untilAsserted(() -> http.put(survivors.get(0).clientUrl(), "/weft/test/after", "2"));
    for (EtcdMember survivor : survivors) {
      assertThat(http.get(survivor.clientUrl(), "/weft/test/before")).contains("1");
      assertThat(http.get(survivor.clientUrl(), "/weft/test/after")).contains("2");
    }

    oldLeader.start();
    await("the restarted member catches up")
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .untilAsserted(
            () -> assertThat(http.get(oldLeader.clientUrl(), "/weft/test/after")).contains("2"));
  }

  @Test
  @Order(3)
  void aTestMayLeaveAMemberStopped() {
    etcd.cluster().member(2).stop();
    assertThat(etcd.cluster().member(2).isRunning()).isFalse();
  }

  @Test
  @Order(4)
  void theNextTestFindsEveryMemberRunningAgain() {
    assertThat(etcd.cluster().members()).allMatch(EtcdMember::isRunning);
    assertThat(etcd.cluster().members()).allMatch(EtcdMember::isHealthy);
  }
}

package dev.weft.testing.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdSingleNodeTest {
  @RegisterExtension static final EtcdExtension etcd = EtcdExtension.singleNode();

  private final EtcdHttp http = new EtcdHttp();

  @Test
  void putAndGetGoThroughARealEtcdOnLoopback() throws Exception {
    URI url = etcd.cluster().member(0).clientUrl();
    assertThat(url.getHost()).isEqualTo("127.0.0.1");
    assertThat(etcd.endpoints()).isEqualTo(url.toString());

    http.put(url, "/weft/test/greeting", "hello");

    assertThat(http.get(url, "/weft/test/greeting")).contains("hello");
    assertThat(http.get(url, "/weft/test/absent")).isEmpty();
  }

  @Test
  void aRestartedMemberKeepsItsData() throws Exception {
    EtcdMember member = etcd.cluster().member(0);
    http.put(member.clientUrl(), "/weft/test/durable", "kept");

    member.stop();
    assertThat(member.isRunning()).isFalse();
    assertThat(member.isHealthy()).isFalse();

    member.start();
    assertThat(member.isHealthy()).isTrue();
    assertThat(http.get(member.clientUrl(), "/weft/test/durable")).contains("kept");
  }

  @Test
  void theDataLivesInATempFolderThatCloseDeletes() {
    EtcdCluster own = EtcdCluster.start(1);
    var dataDir = own.member(0).dataDir();
    assertThat(dataDir).isDirectory();

    own.close();

    assertThat(own.member(0).isRunning()).isFalse();
    assertThat(Files.exists(dataDir.getParent())).isFalse();
  }
}

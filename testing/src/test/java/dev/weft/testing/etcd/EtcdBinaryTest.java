package dev.weft.testing.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EtcdBinaryTest {
  @Test
  void withoutABinaryTheErrorNamesTheInstallCommand() {
    assertThatThrownBy(() -> EtcdBinary.require(Map.of("PATH", "/nonexistent")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install etcd-server")
        .hasMessageContaining("$ETCD_BIN is unset");
  }

  @Test
  void etcdBinPointingNowhereIsNotSilentlyReplacedByThePath() {
    assertThatThrownBy(
            () ->
                EtcdBinary.require(
                    Map.of("ETCD_BIN", "/nonexistent/etcd", "PATH", System.getenv("PATH"))))
        .hasMessageContaining("$ETCD_BIN is /nonexistent/etcd");
  }

  @Test
  void findsTheEtcdOnThePath() {
    assertThat(EtcdBinary.find(Map.of("PATH", "/nonexistent:" + System.getenv("PATH"))))
        .hasValueSatisfying(path -> assertThat(path.getFileName()).hasToString("etcd"));
  }
}

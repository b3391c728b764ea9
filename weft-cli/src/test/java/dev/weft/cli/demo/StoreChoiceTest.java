package dev.weft.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreChoiceTest {
  @TempDir Path dir;

  private Path fakeEtcd() throws Exception {
    Path etcd = dir.resolve("etcd");
    Files.writeString(etcd, "#!/bin/sh\n");
    Files.setPosixFilePermissions(etcd, PosixFilePermissions.fromString("rwxr-xr-x"));
    return etcd;
  }

  @Test
  void autoTakesEtcdWhenABinaryIsFoundAndSaysWhere() throws Exception {
    Path etcd = fakeEtcd();
    StoreChoice viaPath = StoreChoice.resolve("auto", Map.of("PATH", "/nonexistent:" + dir));
    assertThat(viaPath.etcd()).isTrue();
    assertThat(viaPath.describe()).isEqualTo("etcd (etcd binary found at " + etcd + ")");
    StoreChoice viaVariable = StoreChoice.resolve("AUTO", Map.of("ETCD_BIN", etcd.toString()));
    assertThat(viaVariable.etcd()).isTrue();
  }

  @Test
  void autoFallsBackToMemoryAndSaysWhy() {
    // $ETCD_BIN, when set, is the only place looked at.
    StoreChoice choice =
        StoreChoice.resolve("auto", Map.of("ETCD_BIN", dir.resolve("none").toString()));
    assertThat(choice.etcd()).isFalse();
    assertThat(choice.describe())
        .isEqualTo("memory (no etcd binary ($ETCD_BIN, etcd on the PATH, /usr/bin/etcd))");
  }

  @Test
  void etcdWithoutABinaryIsBadUsageSayingHowToGetOne() {
    assertThatThrownBy(
            () -> StoreChoice.resolve("etcd", Map.of("ETCD_BIN", dir.resolve("none").toString())))
        .isInstanceOfSatisfying(
            CliException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
              assertThat(e.getMessage())
                  .startsWith("--store etcd: no etcd binary")
                  .contains("sudo apt-get install etcd-server")
                  .endsWith("or use --store memory");
            });
  }

  @Test
  void memoryIsMemoryEvenWithEtcdAround() throws Exception {
    fakeEtcd();
    StoreChoice choice = StoreChoice.resolve("memory", Map.of("PATH", dir.toString()));
    assertThat(choice.etcd()).isFalse();
    assertThat(choice.describe()).isEqualTo("memory (--store memory)");
  }
}

package dev.weft.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirAndPortsTest {
  @TempDir Path dir;

  @Test
  void aRunDirectoryListsThePidOfEveryProcessAndKeepsALogPerProcess() throws Exception {
    RunDir runDir = RunDir.create(Optional.of(dir.resolve("run")));
    runDir.recordPid("etcd", 101);
    runDir.recordPid("control-plane", 102);

    assertThat(Files.readAllLines(dir.resolve("run").resolve(RunDir.PIDS)))
        .containsExactly("101 etcd", "102 control-plane");
    assertThat(runDir.log("consumer-bolt")).isEqualTo(dir.resolve("run/consumer-bolt.log"));
    assertThat(runDir.dir("etcd")).isDirectory();
  }

  @Test
  void aRunDirectoryWithFilesInItIsRefused() throws Exception {
    Files.writeString(dir.resolve("old.log"), "x");

    assertThatThrownBy(() -> RunDir.create(Optional.of(dir)))
        .isInstanceOfSatisfying(
            CliException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "--run-dir: expected a new or empty directory, got "
                          + dir
                          + ", which has files in it");
            });
  }

  @Test
  void portsAreNeverHandedOutTwice() {
    Ports ports = new Ports();
    int[] first = ports.take(20);
    int[] second = ports.take(20);
    int[] all = new int[40];
    System.arraycopy(first, 0, all, 0, 20);
    System.arraycopy(second, 0, all, 20, 20);

    assertThat(Arrays.stream(all).distinct().count()).isEqualTo(40);
  }

  @Test
  void aPortTheDemoMustHaveSaysWhoNeedsItWhenItIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> Ports.requireFree(port, "SOFA RPC dials it"))
          .isInstanceOfSatisfying(
              CliException.class,
              e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
                assertThat(e.getMessage())
                    .startsWith("127.0.0.1:" + port + " is in use (")
                    .endsWith(
                        "): SOFA RPC dials it; stop what holds it (ss -ltnp 'sport = :"
                            + port
                            + "') and run the demo again");
              });
    }
  }
}

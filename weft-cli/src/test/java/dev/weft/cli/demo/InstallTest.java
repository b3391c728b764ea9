package dev.weft.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallTest {
  @TempDir Path home;

  private void script() throws Exception {
    Path weft = home.resolve("weft");
    Files.writeString(weft, "#!/bin/sh\n");
    Files.setPosixFilePermissions(weft, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private void jar(String module) throws Exception {
    Path jar = home.resolve("e2e-tests/" + module + "/target/" + module + ".jar");
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "jar");
  }

  @Test
  void aHomeWithoutTheWeftScriptIsRefused() {
    assertThatThrownBy(() -> Install.locate(Optional.of(home.toString())))
        .isInstanceOfSatisfying(
            CliException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "cannot find the Weft checkout ("
                          + home
                          + " has no executable weft script): run the demo as ./weft demo from"
                          + " the checkout, which sets -Dweft.home");
            });
  }

  @Test
  void missingPeerJarsAreNamedWithHowToBuildThem() throws Exception {
    script();
    jar("peers-sofa");
    Install install = Install.locate(Optional.of(home.toString()));

    assertThatThrownBy(install::requirePeerJars)
        .isInstanceOfSatisfying(
            CliException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "the demo's apps are not built: e2e-tests/peers-dubbo/target/peers-dubbo.jar,"
                            + " e2e-tests/peers-web/target/peers-web.jar are missing; "
                            + Install.BUILD_HINT));
    jar("peers-dubbo");
    jar("peers-web");
    install.requirePeerJars();
  }

  @Test
  void appsRunOnTheirPeersJarWithSmallHeapsAndWeftCommandsThroughTheScript() throws Exception {
    script();
    Install install = Install.locate(Optional.of(home.toString()));
    Commands commands =
        new Commands(install, Path.of("/jdk/bin/java"), Map.of("WEFT_JAVA_OPTS", "-Dx=1"));

    assertThat(commands.app(DemoService.GRPC, "grpc-provider", List.of("--port", "1")))
        .containsExactly(
            "/jdk/bin/java",
            "-Xmx192m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError",
            "-jar",
            home.resolve("e2e-tests/peers-web/target/peers-web.jar").toString(),
            "grpc-provider",
            "--port",
            "1");
    assertThat(commands.weft(List.of("sidecar", "--xds", "127.0.0.1:1")))
        .containsExactly(home.resolve("weft").toString(), "sidecar", "--xds", "127.0.0.1:1");
    assertThat(commands.weftEnv())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("WEFT_NO_BUILD", "1", "WEFT_JAVA_OPTS", "-Dx=1 -XX:TieredStopAtLevel=1"));
    assertThat(Commands.weftEnv(Map.of()))
        .containsEntry("WEFT_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
  }
}

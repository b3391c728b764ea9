package dev.weft.cli.demo;

import dev.weft.cli.CliException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Weft checkout the demo runs from: its {@code weft} script (which runs the control plane and
 * the sidecars) and the peer jars of {@code e2e-tests/peers-*} (the demo's apps). The script passes
 * it as {@code -Dweft.home}.
 */
public final class Install {
  /** The system property the {@code weft} script sets to the checkout's root. */
  public static final String HOME_PROPERTY = "weft.home";

  static final String BUILD_HINT =
      "build them with: ./mvnw -B package -DskipTests -pl"
          + " e2e-tests/peers-sofa,e2e-tests/peers-dubbo,e2e-tests/peers-web -am"
          + " (./weft demo builds them itself unless WEFT_NO_BUILD=1)";

  private final Path home;

  private Install(Path home) {
    this.home = home;
  }

  /**
   * The checkout named by {@code -Dweft.home}, else the one whose {@code weft-cli/target} holds the
   * running jar.
   *
   * @throws CliException (exit 2) when neither is a checkout with a {@code weft} script
   */
  public static Install locate(Optional<String> property) {
    Optional<Path> home = property.map(Path::of).or(Install::fromRunningJar);
    if (home.isEmpty() || !Files.isExecutable(home.get().resolve("weft"))) {
      throw CliException.usage(
          "cannot find the Weft checkout"
              + home.map(h -> " (" + h + " has no executable weft script)").orElse("")
              + ": run the demo as ./weft demo from the checkout, which sets -D"
              + HOME_PROPERTY);
    }
    return new Install(home.get().toAbsolutePath().normalize());
  }

  /** {@code <home>/weft-cli/target/weft.jar} → {@code <home>}, when that is where we run from. */
  private static Optional<Path> fromRunningJar() {
    try {
      Path jar = Path.of(Install.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path target = jar.getParent();
      if (target == null || target.getParent() == null || target.getParent().getParent() == null) {
        return Optional.empty();
      }
      return Optional.of(target.getParent().getParent());
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Optional.empty();
    }
  }

  public Path home() {
    return home;
  }

  /** The {@code weft} launcher script. */
  Path weft() {
    return home.resolve("weft");
  }

  /** {@code e2e-tests/<module>/target/<module>.jar}. */
  Path peersJar(String module) {
    return home.resolve("e2e-tests").resolve(module).resolve("target").resolve(module + ".jar");
  }

  /**
   * Checks that every peer jar the demo runs is there.
   *
   * @throws CliException (exit 2) naming the missing ones and how to build them
   */
  void requirePeerJars() {
    Set<String> modules = new java.util.TreeSet<>();
    for (DemoService service : EnumSet.allOf(DemoService.class)) {
      modules.add(service.peers());
    }
    List<String> missing = new ArrayList<>();
    for (String module : modules) {
      if (!Files.isRegularFile(peersJar(module))) {
        missing.add(home.relativize(peersJar(module)).toString());
      }
    }
    if (!missing.isEmpty()) {
      throw CliException.usage(
          "the demo's apps are not built: "
              + String.join(", ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " missing; "
              + BUILD_HINT);
    }
  }
}

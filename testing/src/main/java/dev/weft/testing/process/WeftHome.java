package dev.weft.testing.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the root of the Weft checkout: the directory holding the {@code weft} launcher script. */
public final class WeftHome {
  private WeftHome() {}

  /** The repository root, from {@code -Dweft.home} or by walking up from the working directory. */
  public static Path locate() {
    String configured = System.getProperty("weft.home");
    if (configured != null) {
      return Paths.get(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("weft")) && Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the Weft checkout (a directory with ./weft and ./mvnw) above "
            + Paths.get("").toAbsolutePath()
            + "; set -Dweft.home");
  }
}

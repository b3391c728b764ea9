package dev.weft.dataplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The data plane's layers, as each package's {@code package-info.java} states them: a package (with
 * its sub-packages) may depend only on the data-plane packages listed here.
 */
class LayeringTest {
  private static final String ROOT = "dev.weft.dataplane";

  /** Top-level package -> the top-level packages it may use. */
  static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

  static {
    ALLOWED.put("extension", Set.of());
    ALLOWED.put("stats", Set.of());
    ALLOWED.put("config", Set.of("extension"));
    ALLOWED.put("network", Set.of("config", "extension", "stats"));
    ALLOWED.put("protocol", Set.of("network", "config", "extension", "stats"));
    ALLOWED.put("stream", Set.of("protocol", "config", "extension", "stats"));
    ALLOWED.put("router", Set.of("protocol", "config"));
    ALLOWED.put("upstream", Set.of("protocol", "network", "config", "extension", "stats"));
    ALLOWED.put("accesslog", Set.of("stream", "protocol", "config", "stats"));
    ALLOWED.put("filter", Set.of("stream", "protocol", "config", "extension", "stats"));
    ALLOWED.put(
        "proxy",
        Set.of(
            "stream",
            "protocol",
            "network",
            "router",
            "upstream",
            "accesslog",
            "config",
            "extension",
            "stats"));
    ALLOWED.put("admin", Set.of("config", "stats", "extension"));
    // xds and xds.translate: protobuf in, config records out; never the forwarding path. The
    // client reports to admin through its plain XdsStatus record.
    ALLOWED.put("xds", Set.of("config", "extension", "stats", "admin"));
    ALLOWED.put("server", Set.copyOf(ALLOWED.keySet()));
  }

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void eachPackageUsesOnlyTheLayersItsPackageInfoAllows() {
    for (Map.Entry<String, Set<String>> entry : ALLOWED.entrySet()) {
      Set<String> forbidden = new TreeSet<>(ALLOWED.keySet());
      forbidden.removeAll(entry.getValue());
      forbidden.remove(entry.getKey());
      if (forbidden.isEmpty()) {
        continue;
      }
      String[] forbiddenPackages =
          forbidden.stream().map(p -> ROOT + "." + p + "..").toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage(ROOT + "." + entry.getKey() + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(forbiddenPackages)
          .because(entry.getKey() + "'s package-info.java allows only " + entry.getValue())
          .allowEmptyShould(true)
          .check(classes);
    }
  }

  @Test
  void everyPackageIsInTheLayerMapAndDocumentsItsRules() throws Exception {
    Path sources = Paths.get("src/main/java/dev/weft/dataplane");
    try (Stream<Path> dirs = Files.list(sources)) {
      dirs.filter(Files::isDirectory)
          .forEach(
              dir -> {
                String name = dir.getFileName().toString();
                assertThat(ALLOWED).as("layer map entry for package " + name).containsKey(name);
                assertThat(dir.resolve("package-info.java"))
                    .as(name + "/package-info.java")
                    .exists();
              });
    }
  }

  @Test
  void theRouterNeverReachesUpstreamCode() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".router..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".upstream..", ROOT + ".proxy..")
        .check(classes);
  }
}

package dev.weft.registry;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The registry's packages, as each {@code package-info.java} states them: a package may use only
 * the registry packages listed here (and anything outside the registry). Notably, the view and the
 * gRPC server know the store SPI but no store, and the client knows no server code.
 */
class LayeringTest {
  private static final String ROOT = "dev.weft.registry";

  /** Package (exact) -> the registry packages (exact) it may use besides itself. */
  static final Map<String, List<String>> ALLOWED = new LinkedHashMap<>();

  static {
    ALLOWED.put("model", List.of());
    ALLOWED.put("proto", List.of("model"));
    ALLOWED.put("store", List.of("model"));
    ALLOWED.put("store.memory", List.of("store", "model"));
    ALLOWED.put("store.etcd", List.of("store", "model", "proto", "etcd"));
    ALLOWED.put("etcd", List.of());
    ALLOWED.put("view", List.of("store", "model"));
    ALLOWED.put("server", List.of("view", "store", "proto", "model"));
    ALLOWED.put("client", List.of("proto", "model"));
    ALLOWED.put("agent", List.of("client", "model"));
  }

  private final JavaClasses imported =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void eachPackageUsesOnlyThePackagesItsPackageInfoAllows() {
    ALLOWED.forEach(
        (pkg, allowed) -> {
          String[] permitted =
              Stream.concat(Stream.of(pkg), allowed.stream())
                  .map(p -> ROOT + "." + p)
                  .toArray(String[]::new);
          classes()
              .that()
              .resideInAPackage(ROOT + "." + pkg)
              .should()
              .onlyDependOnClassesThat(
                  not(resideInAPackage(ROOT + "..")).or(resideInAnyPackage(permitted)))
              .because(pkg + "'s package-info.java allows only " + allowed)
              .allowEmptyShould(true)
              .check(imported);
        });
  }

  @Test
  void everyPackageIsInTheMap() {
    imported.stream()
        .map(c -> c.getPackageName().substring(ROOT.length() + 1))
        .distinct()
        .forEach(
            pkg -> {
              if (!ALLOWED.containsKey(pkg)) {
                throw new AssertionError(
                    "package " + pkg + " is not in LayeringTest.ALLOWED: add it with its rules");
              }
            });
  }
}

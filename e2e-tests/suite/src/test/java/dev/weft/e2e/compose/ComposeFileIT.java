package dev.weft.e2e.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.process.ChildProcess;
import dev.weft.testing.process.ProcessLauncher;
import dev.weft.testing.process.WeftHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml and the Dockerfile, checked without Docker (this machine has none): the
 * services, images, shared network namespaces, ports, healthchecks and dependencies, and every
 * {@code weft} flag the stack passes is one that {@code ./weft <command> --help} lists, so the
 * compose file cannot drift from the CLI. {@link ComposeStackIT} runs the stack where Docker is.
 */
class ComposeFileIT {
  private static final Path HOME = WeftHome.locate();
  private static final Duration EXIT_WAIT = Duration.ofSeconds(60);
  private static final Set<String> CONDITIONS =
      Set.of("service_started", "service_healthy", "service_completed_successfully");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private static Map<String, Map<String, Object>> services;
  private static String dockerfile;

  @BeforeAll
  static void read() throws IOException {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    Map<String, Object> compose;
    try (var in = Files.newBufferedReader(HOME.resolve("docker-compose.yml"))) {
      compose = yaml.load(in);
    }
    services = new LinkedHashMap<>();
    map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
    dockerfile = Files.readString(HOME.resolve("Dockerfile"));
  }

  @Test
  void theStackHasEtcdTheControlPlaneAndTwoPodsOfAnAppAndItsSidecar() {
    assertThat(services)
        .containsOnlyKeys(
            "etcd",
            "control-plane",
            "provider",
            "provider-sidecar",
            "consumer",
            "consumer-sidecar");
  }

  @Test
  void everyServiceHasAnImageAndWeftsOwnAreBuiltFromTheDockerfile() {
    Set<String> stages = new HashSet<>();
    Matcher from = Pattern.compile("(?m)^FROM (\\S+) AS (\\S+)$").matcher(dockerfile);
    while (from.find()) {
      stages.add(from.group(2));
      assertThat(from.group(1)).as("a stage's base image").startsWith("eclipse-temurin:17-");
    }
    assertThat(stages).contains("build", "weft", "peers");

    services.forEach(
        (name, service) -> {
          assertThat(service).as(name).containsKey("image");
          if (service.containsKey("build")) {
            Map<String, Object> build = map(service.get("build"));
            assertThat(build.get("context")).as(name + " build context").isEqualTo(".");
            assertThat(stages).as(name + " build target").contains((String) build.get("target"));
          }
        });
    assertThat((String) services.get("etcd").get("image")).startsWith("quay.io/coreos/etcd:v3.5.");
    assertThat(services.get("etcd")).doesNotContainKey("build");
    for (String weft : List.of("control-plane", "provider-sidecar", "consumer-sidecar")) {
      assertThat(target(weft)).as(weft).isEqualTo("weft");
    }
    for (String app : List.of("provider", "consumer")) {
      assertThat(target(app)).as(app).isEqualTo("peers");
    }
  }

  @Test
  void theDockerfileBuildsWithMavenAndRunsWeftJarOnAJre() {
    assertThat(dockerfile)
        .contains("FROM eclipse-temurin:17-jdk AS build")
        .containsPattern(
            "\\./mvnw -B -DskipTests package\\s*\\\\?\\s*-pl weft-cli,e2e-tests/peers-sofa -am")
        .contains("FROM eclipse-temurin:17-jre AS weft")
        .contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/weft/weft.jar\"]");
    // The apps' scripts exist and are the ones the image holds.
    for (String app : List.of("provider", "consumer")) {
      String script = (String) command(app).get(0);
      assertThat(script).startsWith("/opt/peers/");
      String file = "docker/" + script.substring("/opt/peers/".length());
      assertThat(HOME.resolve(file)).as(app + "'s script").isExecutable();
      assertThat(dockerfile).contains(file);
    }
  }

  @Test
  void eachSidecarSharesItsAppsNetworkNamespaceAndPublishesNoPortOfItsOwn() {
    Map<String, String> pods =
        Map.of("provider-sidecar", "provider", "consumer-sidecar", "consumer");
    pods.forEach(
        (sidecar, app) -> {
          assertThat(services.get(sidecar).get("network_mode"))
              .as(sidecar)
              .isEqualTo("service:" + app);
          assertThat(services.get(sidecar)).as(sidecar).doesNotContainKey("ports");
          assertThat(services.get(app)).as(app).doesNotContainKey("network_mode");
          assertThat(dependsOn(sidecar)).as(sidecar).containsKeys(app, "control-plane");
        });
    // Nothing else joins another service's namespace.
    services.forEach(
        (name, service) -> {
          if (!pods.containsKey(name)) {
            assertThat(service).as(name).doesNotContainKey("network_mode");
          }
        });
  }

  @Test
  void theAdminPagesArePublishedAndListenOnEveryInterface() {
    assertThat(ports("control-plane")).containsEntry(15014, 15014).containsEntry(9600, 9600);
    assertThat(option("control-plane", "--admin-address")).isEqualTo("0.0.0.0:15014");
    assertThat(option("control-plane", "--registry-address")).isEqualTo("0.0.0.0:9600");
    // The sidecars' admin ports are published by their pods' app containers.
    assertThat(ports("consumer")).containsEntry(34901, 34901);
    assertThat(ports("provider")).containsEntry(34902, 34901);
    for (String sidecar : List.of("provider-sidecar", "consumer-sidecar")) {
      assertThat(option(sidecar, "--admin-address")).as(sidecar).isEqualTo("0.0.0.0:34901");
    }
    // No two services publish the same host port.
    List<Integer> hostPorts = new ArrayList<>();
    services.keySet().forEach(name -> hostPorts.addAll(ports(name).keySet()));
    assertThat(hostPorts).doesNotHaveDuplicates();
  }

  @Test
  void theControlPlaneStoresInEtcdAndTheSidecarsUseItsRegistryAndXdsPorts() {
    assertThat(option("control-plane", "--store")).isEqualTo("etcd");
    assertThat(option("control-plane", "--etcd-endpoints")).isEqualTo("http://etcd:2379");
    String xdsPort = port(option("control-plane", "--xds-address"));
    String registryPort = port(option("control-plane", "--registry-address"));
    for (String sidecar : List.of("provider-sidecar", "consumer-sidecar")) {
      assertThat(option(sidecar, "--xds")).as(sidecar).isEqualTo("control-plane:" + xdsPort);
      assertThat(option(sidecar, "--registry"))
          .as(sidecar)
          .isEqualTo("control-plane:" + registryPort);
      // EDS carries IP addresses only: a sidecar publishes its pod's IP (the default), never a
      // compose service name.
      String publish = optionOrNull(sidecar, "--publish-address");
      assertThat(publish == null || IPV4.matcher(publish).matches())
          .as(sidecar + " --publish-address " + publish)
          .isTrue();
    }
    assertThat(option("provider-sidecar", "--node-id"))
        .isNotEqualTo(option("consumer-sidecar", "--node-id"));
    assertThat(option("provider-sidecar", "--app-port")).isEqualTo("bolt=12200");
    // SOFA RPC's mesh registry dials 127.0.0.1:12220, whatever it is told.
    assertThat(option("consumer-sidecar", "--egress-port")).isEqualTo("bolt=12220");
  }

  @Test
  void everyServiceHasAHealthcheckAndEveryDependencyNamesAServiceAndAKnownCondition() {
    services.forEach(
        (name, service) -> {
          Map<String, Object> healthcheck = map(service.get("healthcheck"));
          assertThat(healthcheck).as(name + " healthcheck").containsKey("test");
          assertThat(healthcheck.get("test"))
              .as(name + " healthcheck test")
              .isInstanceOf(List.class);
          dependsOn(name)
              .forEach(
                  (dependency, condition) -> {
                    assertThat(services).as(name + " depends on").containsKey(dependency);
                    assertThat(CONDITIONS).as(name + " -> " + dependency).contains(condition);
                    if (condition.equals("service_healthy")) {
                      assertThat(services.get(dependency)).containsKey("healthcheck");
                    }
                  });
        });
    assertThat(services.get("etcd")).doesNotContainKey("depends_on");
    assertThat(dependsOn("control-plane")).containsEntry("etcd", "service_healthy");
    assertThat(dependsOn("consumer")).containsEntry("provider", "service_healthy");
    for (String name : services.keySet()) {
      assertNoCycle(name, new ArrayList<>());
    }
  }

  @Test
  void everyWeftFlagTheStackPassesIsOneTheCliLists() throws Exception {
    Map<String, Set<String>> helpByCommand = new HashMap<>();
    services.forEach(
        (name, service) -> {
          if (!"weft".equals(target(name))) {
            return;
          }
          List<Object> command = command(name);
          String subcommand = (String) command.get(0);
          Set<String> listed =
              helpByCommand.computeIfAbsent(subcommand, ComposeFileIT::optionsInHelp);
          assertThat(listed).as("weft " + subcommand + " --help").isNotEmpty();
          for (Object arg : command.subList(1, command.size())) {
            String text = String.valueOf(arg);
            if (text.startsWith("--")) {
              String flag = text.contains("=") ? text.substring(0, text.indexOf('=')) : text;
              assertThat(listed).as(name + ": weft " + subcommand + " " + flag).contains(flag);
            }
          }
        });
    assertThat(helpByCommand).containsOnlyKeys("control-plane", "sidecar");
  }

  /** The {@code --options} that {@code ./weft <command> --help} lists. */
  private static Set<String> optionsInHelp(String command) {
    try (ChildProcess weft = ProcessLauncher.weft("weft", command, "--help").start()) {
      int exit = weft.awaitExit(EXIT_WAIT);
      assertThat(exit).as("weft " + command + " --help:\n" + weft.tail(40)).isZero();
      Set<String> options = new TreeSet<>();
      Matcher m =
          Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*").matcher(String.join("\n", weft.output()));
      while (m.find()) {
        options.add(m.group());
      }
      return options;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void assertNoCycle(String name, List<String> path) {
    assertThat(path).as("depends_on cycle").doesNotContain(name);
    path.add(name);
    for (String dependency : dependsOn(name).keySet()) {
      assertNoCycle(dependency, new ArrayList<>(path));
    }
  }

  /** The Dockerfile target a service is built from, or null for a pulled image. */
  private static String target(String service) {
    Object build = services.get(service).get("build");
    return build == null ? null : (String) map(build).get("target");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> command(String service) {
    Object command = services.get(service).get("command");
    assertThat(command).as(service + " command (a list)").isInstanceOf(List.class);
    return (List<Object>) command;
  }

  /** The value after {@code flag} in a service's command (flag, value as separate items). */
  private static String option(String service, String flag) {
    String value = optionOrNull(service, flag);
    assertThat(value).as(service + " " + flag).isNotNull();
    return value;
  }

  private static String optionOrNull(String service, String flag) {
    List<Object> command = command(service);
    int at = command.indexOf(flag);
    return at < 0 || at + 1 >= command.size() ? null : String.valueOf(command.get(at + 1));
  }

  private static String port(String hostPort) {
    return hostPort.substring(hostPort.lastIndexOf(':') + 1);
  }

  /** A service's published ports, host port to container port. */
  private static Map<Integer, Integer> ports(String service) {
    Map<Integer, Integer> ports = new LinkedHashMap<>();
    Object list = services.get(service).get("ports");
    if (list == null) {
      return ports;
    }
    for (Object entry : (List<?>) list) {
      String[] parts = String.valueOf(entry).split(":");
      assertThat(parts).as(service + " port " + entry + " (host:container)").hasSize(2);
      ports.put(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }
    return ports;
  }

  /** A service's {@code depends_on}: dependency to condition (a plain list means started). */
  private static Map<String, String> dependsOn(String service) {
    Object dependsOn = services.get(service).get("depends_on");
    Map<String, String> conditions = new LinkedHashMap<>();
    if (dependsOn instanceof List<?> list) {
      list.forEach(name -> conditions.put(String.valueOf(name), "service_started"));
    } else if (dependsOn != null) {
      map(dependsOn)
          .forEach(
              (name, spec) ->
                  conditions.put(
                      name,
                      String.valueOf(map(spec).getOrDefault("condition", "service_started"))));
    }
    return conditions;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}

package dev.weft.cli;

import static dev.weft.cli.CommandRunner.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.weft.cli.CommandRunner.Result;
import dev.weft.testing.FreePorts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code weft register}, {@code deregister} and {@code services} against an in-process registry.
 */
class RegistryCommandsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String NL = System.lineSeparator();
  private static final String ECHO = "dev.weft.EchoService:1.0";

  private InProcessRegistry registry;

  @BeforeEach
  void start() throws Exception {
    registry = InProcessRegistry.start(Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private Result weft(String... args) {
    String[] withRegistry = new String[args.length + 2];
    System.arraycopy(args, 0, withRegistry, 0, args.length);
    withRegistry[args.length] = "--registry";
    withRegistry[args.length + 1] = registry.address();
    return run(withRegistry);
  }

  private Result awaitServices(String expected, String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "services";
    System.arraycopy(args, 0, command, 1, args.length);
    return await()
        .atMost(WAIT)
        .until(() -> weft(command), r -> r.exitCode() == 0 && r.out().contains(expected));
  }

  @Test
  void registersListsAndDeregistersAPersistentRegistration() {
    Result registered = weft("register", "--service", ECHO, "--address", "10.0.0.5:12200");
    assertThat(registered.exitCode()).isZero();
    assertThat(registered.out())
        .isEqualTo("registered " + ECHO + " -> 10.0.0.5:12200 (bolt, persistent)" + NL);
    assertThat(registered.err()).isEmpty();
    assertThat(
            weft("register", "--service", ECHO, "--address", "10.0.0.5:12200", "--weight", "50")
                .out())
        .isEqualTo(
            "registered "
                + ECHO
                + " -> 10.0.0.5:12200 (bolt, persistent, replaced the previous registration)"
                + NL);
    assertThat(
            weft(
                    "register",
                    "--service",
                    ECHO,
                    "--address",
                    "10.0.0.6:12220",
                    "--protocol",
                    "dubbo",
                    "--group",
                    "SOFA",
                    "--zone",
                    "zone-a",
                    "--meta",
                    "app=echo",
                    "--meta",
                    "color=blue")
                .out())
        .isEqualTo(
            "registered " + ECHO + " (group SOFA) -> 10.0.0.6:12220 (dubbo, persistent)" + NL);

    Result listed = awaitServices("10.0.0.6:12220");
    List<String> lines = listed.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .matches("SERVICE +GROUP +VERSION +ENDPOINT +PROTOCOL +WEIGHT +ZONE +METADATA");
    assertThat(lines.get(1))
        .matches(
            "dev\\.weft\\.EchoService:1\\.0 +DEFAULT_GROUP +\\d+ +10\\.0\\.0\\.5:12200 +bolt +50"
                + " +- +-");
    assertThat(lines.get(2))
        .matches(
            "dev\\.weft\\.EchoService:1\\.0 +SOFA +\\d+ +10\\.0\\.0\\.6:12220 +dubbo +100 +zone-a"
                + " +app=echo,color=blue");
    for (String column : ServiceTable.HEADERS.subList(1, ServiceTable.HEADERS.size())) {
      int at = lines.get(0).indexOf(column);
      assertThat(lines.get(1).charAt(at - 1)).as(column).isEqualTo(' ');
      assertThat(lines.get(1).charAt(at)).as(column).isNotEqualTo(' ');
      assertThat(lines.get(2).charAt(at)).as(column).isNotEqualTo(' ');
    }

    Result deregistered = weft("deregister", "--service", ECHO, "--address", "10.0.0.5:12200");
    assertThat(deregistered.exitCode()).isZero();
    assertThat(deregistered.out()).isEqualTo("deregistered " + ECHO + " -> 10.0.0.5:12200" + NL);
    assertThat(
            weft("deregister", "--service", ECHO, "--address", "10.0.0.6:12220", "--group", "SOFA")
                .exitCode())
        .isZero();
    awaitServices("no services registered" + NL);
  }

  @Test
  void deregisteringWhatIsAbsentSaysSoAndSucceeds() {
    Result absent = weft("deregister", "--service", ECHO, "--address", "10.0.0.5:12200");

    assertThat(absent.exitCode()).isZero();
    assertThat(absent.out())
        .isEqualTo("nothing registered for " + ECHO + " at 10.0.0.5:12200" + NL);
    assertThat(absent.err()).isEmpty();
  }

  @Test
  void jsonListsServicesWithTheirEndpoints() {
    weft(
        "register",
        "--service",
        ECHO,
        "--address",
        "10.0.0.5:12200",
        "--instance-id",
        "tenant-a",
        "--zone",
        "zone-a",
        "--meta",
        "app=echo");
    weft("register", "--service", ECHO, "--address", "10.0.0.6:12200", "--instance-id", "tenant-a");
    awaitServices("10.0.0.6");

    Result json = weft("services", "--output", "json");

    assertThat(json.exitCode()).isZero();
    JsonArray services = JsonParser.parseString(json.out()).getAsJsonArray();
    assertThat(services).hasSize(1);
    JsonObject echo = services.get(0).getAsJsonObject();
    assertThat(echo.get("dataId").getAsString()).isEqualTo(ECHO);
    assertThat(echo.get("group").getAsString()).isEqualTo("DEFAULT_GROUP");
    assertThat(echo.get("instanceId").getAsString()).isEqualTo("tenant-a");
    assertThat(echo.get("version").getAsLong()).isPositive();
    JsonArray endpoints = echo.getAsJsonArray("endpoints");
    assertThat(endpoints).hasSize(2);
    JsonObject first = endpoints.get(0).getAsJsonObject();
    assertThat(first.get("address").getAsString()).isEqualTo("10.0.0.5");
    assertThat(first.get("port").getAsInt()).isEqualTo(12200);
    assertThat(first.get("protocol").getAsString()).isEqualTo("bolt");
    assertThat(first.get("weight").getAsInt()).isEqualTo(100);
    assertThat(first.get("zone").getAsString()).isEqualTo("zone-a");
    assertThat(first.getAsJsonObject("metadata").get("app").getAsString()).isEqualTo("echo");
    assertThat(endpoints.get(1).getAsJsonObject().getAsJsonObject("metadata").size()).isZero();
  }

  @Test
  void anEmptyRegistryIsAFriendlyLineOrAnEmptyArray() {
    assertThat(weft("services").out()).isEqualTo("no services registered" + NL);
    assertThat(weft("services", "--service", ECHO).out())
        .isEqualTo("nothing registered for " + ECHO + NL);
    assertThat(JsonParser.parseString(weft("services", "--output", "json").out()).isJsonArray())
        .isTrue();
    assertThat(weft("services", "--output", "json").out().trim()).isEqualTo("[]");
  }

  @Test
  void serviceFiltersToOneDataIdNotAPrefix() {
    weft("register", "--service", "dev.weft.Echo", "--address", "10.0.0.1:1");
    weft("register", "--service", ECHO, "--address", "10.0.0.2:2");
    weft("register", "--service", "dev.weft.Other:1.0", "--address", "10.0.0.3:3");
    awaitServices("10.0.0.3:3");

    Result filtered = weft("services", "--service", "dev.weft.Echo");

    assertThat(filtered.out()).contains("10.0.0.1:1").doesNotContain("10.0.0.2:2", "10.0.0.3:3");
    assertThat(weft("services", "--service", ECHO).out())
        .contains("10.0.0.2:2")
        .doesNotContain("10.0.0.1:1");
  }

  @Test
  void badInputIsBadUsageSayingWhatWasExpected() {
    assertUsage(
        "--address: expected host:port with a port from 1 to 65535, got '10.0.0.5'",
        "register",
        "--service",
        ECHO,
        "--address",
        "10.0.0.5");
    assertUsage(
        "--address: expected host:port with a port from 1 to 65535, got '10.0.0.5:70000'",
        "deregister",
        "--service",
        ECHO,
        "--address",
        "10.0.0.5:70000");
    assertUsage(
        "--address: expected an IP address and port (sidecars receive endpoints over EDS, which"
            + " carries IP addresses only), got 'echo.internal:12200'",
        "register",
        "--service",
        ECHO,
        "--address",
        "echo.internal:12200");
    assertUsage(
        "--protocol: expected one of bolt, dubbo, http, grpc, got 'thrift'",
        "register",
        "--service",
        ECHO,
        "--address",
        "10.0.0.5:1",
        "--protocol",
        "thrift");
    assertUsage(
        "--service: expected a non-blank string, got ''",
        "register",
        "--service",
        "",
        "--address",
        "10.0.0.5:1");
    assertUsage(
        "--weight: expected a weight from 1 to 1000000, got 0",
        "register",
        "--service",
        ECHO,
        "--address",
        "10.0.0.5:1",
        "--weight",
        "0");
    assertUsage(
        "--meta: expected key=value, got 'app'",
        "register",
        "--service",
        ECHO,
        "--address",
        "10.0.0.5:1",
        "--meta",
        "app");
    assertUsage("--output: expected table or json, got 'yaml'", "services", "--output", "yaml");
    Result badRegistry =
        run("services", "--registry", "localhost"); // no --registry appended: it is the subject
    assertThat(badRegistry.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badRegistry.err())
        .isEqualTo(
            "weft: --registry: expected host:port with a port from 1 to 65535, got 'localhost'"
                + NL);
    assertThat(weft("services").out()).isEqualTo("no services registered" + NL);
  }

  private void assertUsage(String message, String... args) {
    Result result = weft(args);
    assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).isEqualTo("weft: " + message + NL);
    assertThat(result.out()).isEmpty();
  }

  @Test
  void anUnreachableRegistryExits3NamingItsAddress() {
    String nobody = "127.0.0.1:" + FreePorts.loopback();
    List<String[]> commands =
        List.of(
            new String[] {"register", "--service", ECHO, "--address", "10.0.0.5:1"},
            new String[] {"register", "--service", ECHO, "--address", "10.0.0.5:1", "--hold"},
            new String[] {"deregister", "--service", ECHO, "--address", "10.0.0.5:1"},
            new String[] {"services"},
            new String[] {"services", "--watch"});
    for (String[] command : commands) {
      String[] args = new String[command.length + 2];
      System.arraycopy(command, 0, args, 0, command.length);
      args[command.length] = "--registry";
      args[command.length + 1] = nobody;

      Result result = run(args);

      assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.UNREACHABLE);
      assertThat(result.err())
          .isEqualTo("weft: cannot reach the registry at " + nobody + ": Connection refused" + NL);
      assertThat(result.out()).isEmpty();
    }
  }
}

package dev.weft.dataplane.config.mosn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.config.AdminConfig;
import dev.weft.dataplane.config.ConfigError;
import dev.weft.dataplane.config.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the file, JSON syntax, and the top level of a MOSN config. */
class MosnConfigLoaderTest {
  @TempDir Path dir;

  private String loadError(Path file) {
    return MosnConfigLoader.load(file, TestVocabulary.create()).error().toString();
  }

  @Test
  void loadsAFileAndNamesItAsWritten() throws Exception {
    Path file = Files.writeString(dir.resolve("config.json"), ConfigJson.base().json());

    LoadedConfig loaded = MosnConfigLoader.load(file, TestVocabulary.create()).value();

    assertThat(loaded.config().listeners()).hasSize(1);
    assertThat(loaded.warnings()).isEmpty();
    assertThat(MosnConfigLoader.load(Path.of("missing.json"), TestVocabulary.create()).error())
        .isEqualTo(new ConfigError("missing.json", "", "no such file"));
  }

  @Test
  void aMissingFileOrADirectorySaysSo() {
    assertThat(loadError(dir.resolve("nope.json")))
        .isEqualTo(dir.resolve("nope.json") + ": no such file");
    assertThat(loadError(dir)).isEqualTo(dir + ": is a directory, expected a JSON file");
  }

  @Test
  void aSyntaxErrorGivesTheLineAndColumn() throws Exception {
    Path file =
        Files.writeString(dir.resolve("bad.json"), "{\n  \"servers\": [\n    {\"listeners\" []}\n");

    assertThat(loadError(file)).isEqualTo(file + ": line 3, column 19: invalid JSON: expected ':'");
  }

  @Test
  void commentsTrailingTextAndEmptyFilesAreNotJson() throws Exception {
    Path comment = Files.writeString(dir.resolve("c.json"), "{\n // note\n}");
    Path trailing = Files.writeString(dir.resolve("t.json"), "{} {}");
    Path empty = Files.writeString(dir.resolve("e.json"), " \n");
    Path cut = Files.writeString(dir.resolve("cut.json"), "{\"servers\": [");

    assertThat(loadError(comment))
        .startsWith(comment + ": line 2, column 3: invalid JSON: malformed JSON");
    assertThat(loadError(trailing))
        .isEqualTo(
            trailing
                + ": line 1, column 5: invalid JSON: more text after the end of the JSON document");
    assertThat(loadError(empty)).isEqualTo(empty + ": the file is empty, expected a JSON object");
    assertThat(loadError(cut))
        .startsWith(cut + ": line 1, column 14: invalid JSON: the document ends too early");
  }

  @Test
  void theTopLevelMustBeAnObjectWithServers() {
    assertThat(MosnConfigLoader.parse("[]", "config.json", TestVocabulary.create()).error())
        .hasToString("config.json: expected an object, got an array");
    assertThat(ConfigJson.base().remove("servers").error())
        .isEqualTo("config.json: servers: is required");
    assertThat(ConfigJson.base().setJson("servers", "[{}]").error())
        .isEqualTo("config.json: servers: expected at least one listener in servers[].listeners");
  }

  @Test
  void anUnknownKeyListsTheExpectedOnes() {
    assertThat(ConfigJson.base().setJson("cluster_managers", "{}").error())
        .isEqualTo(
            "config.json: cluster_managers: unknown key; expected one of admin, cluster_manager,"
                + " dynamic_resources, extends, node, servers, static_resources, third_part_codec,"
                + " wasm_global_plugins");
  }

  @Test
  void keysWithoutEffectAreWarningsNamingThePath() {
    LoadedConfig loaded =
        ConfigJson.base()
            .setJson("tracing", "{\"enable\": true, \"driver\": \"SOFATracer\"}")
            .set("pid", "/tmp/mosn.pid")
            .set("servers[0].default_log_path", "stdout")
            .set("servers[0].processor", 4)
            .ok();

    assertThat(loaded.warnings())
        .containsExactlyInAnyOrder(
            "config.json: tracing: ignored: Weft does not implement it yet; forwarding is unchanged",
            "config.json: pid: ignored: Weft does not implement it, and it does not change forwarding",
            "config.json: servers[0].default_log_path: ignored: Weft logs through SLF4J; set the"
                + " level with -Dweft.log.level",
            "config.json: servers[0].processor: ignored: set the number of event loops with weft"
                + " sidecar --workers");
  }

  @Test
  void staticResourcesWithoutDynamicResourcesAreRefused() {
    assertThat(ConfigJson.base().setJson("static_resources", "{\"clusters\": [{}]}").error())
        .isEqualTo(
            "config.json: static_resources: not supported by Weft: static_resources only holds"
                + " the ADS cluster that dynamic_resources names; static listeners and clusters go"
                + " in servers and cluster_manager");
    assertThat(ConfigJson.base().setJson("static_resources", "{}").ok().config().listeners())
        .hasSize(1);
  }

  @Test
  void parsesTheAdminAddress() {
    LoadedConfig loaded =
        ConfigJson.base()
            .setJson(
                "admin",
                "{\"address\":{\"socket_address\":{\"address\":\"0.0.0.0\",\"port_value\":34901}}}")
            .ok();

    assertThat(loaded.config().admin()).contains(new AdminConfig(new HostPort("0.0.0.0", 34901)));
  }

  @Test
  void anEmptyAdminBlockStartsNoAdminServer() {
    LoadedConfig loaded = ConfigJson.base().setJson("admin", "{}").ok();

    assertThat(loaded.config().admin()).isEqualTo(Optional.empty());
    assertThat(loaded.warnings())
        .containsExactly("config.json: admin: no address, so no admin server is started");
  }

  @Test
  void aBadAdminPortIsAWrongType() {
    assertThat(
            ConfigJson.base()
                .setJson(
                    "admin",
                    "{\"address\":{\"socket_address\":{\"address\":\"0.0.0.0\",\"port_value\":\"x\"}}}")
                .error())
        .isEqualTo(
            "config.json: admin.address.socket_address.port_value: expected a whole number, got \"x\"");
  }
}

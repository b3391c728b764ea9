package dev.weft.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import dev.weft.dataplane.config.ConfigException;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.network.NetworkFilterFactory;
import dev.weft.dataplane.protocol.ProtocolOptions;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy filter's own config block: protocols, the legacy X form and extend_config limits. */
class ProxyFilterConfigTest {
  private final Sidecar sidecar = Sidecar.create(SidecarOptions.defaults());
  private final NetworkFilterFactory proxy = sidecar.extensions().networkFilters().require("proxy");
  private final List<String> warnings = new ArrayList<>();

  @AfterEach
  void close() {
    sidecar.close();
  }

  private ProxyConfig parse(String json) {
    return (ProxyConfig)
        proxy.parse(
            ConfigNode.root("config.json", JsonParser.parseString(json))
                .withWarnings(warnings::add));
  }

  @Test
  void limitsKeyedByProtocolBecomeTheListenersCodecOptions() {
    ProxyConfig config =
        parse(
            "{\"downstream_protocol\": \"Http1,bolt\", \"router_config_name\": \"r\","
                + " \"extend_config\": {\"Http1\": {\"max_header_size\": 32768},"
                + " \"bolt\": {\"max_frame_size\": 1048576}, \"Http2\": {\"http2_use_stream\": 1}}}");

    ProtocolOptions options = ProtocolOptionsParser.toOptions(config.protocolOptions());
    assertThat(options.maxHeaderBytes()).isEqualTo(32768);
    assertThat(options.maxFrameBytes()).isEqualTo(1048576);
    assertThat(options.maxConcurrentStreams())
        .isEqualTo(ProtocolOptions.DEFAULTS.maxConcurrentStreams());
    assertThat(warnings)
        .containsExactly(
            "config.json: extend_config.Http2.http2_use_stream: ignored: Weft always streams bodies");
  }

  @Test
  void theLegacyXFormNamesTheProtocolInSubProtocolForBothDirections() {
    ProxyConfig config =
        parse(
            "{\"downstream_protocol\": \"X\", \"upstream_protocol\": \"X\", \"router_config_name\": \"r\","
                + " \"extend_config\": {\"sub_protocol\": \"bolt\", \"max_frame_size\": 2048}}");

    assertThat(config.downstreamProtocols()).containsExactly("bolt");
    assertThat(config.upstreamProtocol()).isEqualTo("bolt");
    assertThat(config.protocolOptions()).isEqualTo(Map.of("*", Map.of("max_frame_size", "2048")));
  }

  @Test
  void unknownLimitsAndBadValuesNameTheirPath() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"downstream_protocol\": \"Http1\", \"router_config_name\": \"r\","
                        + " \"extend_config\": {\"Http1\": {\"max_body\": 1}}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config.json: extend_config.Http1.max_body: unknown key");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"downstream_protocol\": \"Http1\", \"router_config_name\": \"r\","
                        + " \"extend_config\": {\"Http1\": {\"max_header_size\": -5}}}"))
        .hasMessage(
            "config.json: extend_config.Http1.max_header_size: expected a number from 1 to 2147483647, got -5");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"downstream_protocol\": \"Http1\", \"router_config_name\": \"r\","
                        + " \"extend_config\": {\"Http3\": {}}}"))
        .hasMessageStartingWith(
            "config.json: extend_config.Http3: unknown key; expected a protocol name");
  }
}

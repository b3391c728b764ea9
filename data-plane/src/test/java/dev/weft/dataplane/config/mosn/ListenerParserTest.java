package dev.weft.dataplane.config.mosn;

import static dev.weft.dataplane.config.mosn.ConfigJson.LISTENER;
import static dev.weft.dataplane.config.mosn.ConfigJson.PROXY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.config.AccessLogConfig;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.ListenerConfig.ListenerType;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.RouterConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListenerParserTest {
  private static final String CHAIN = LISTENER + ".filter_chains[0]";

  private static ListenerConfig listener(ConfigJson json) {
    return json.ok().config().listeners().get(0);
  }

  @Test
  void parsesAListenerWithItsProxyFilter() {
    ListenerConfig listener =
        listener(
            ConfigJson.base()
                .set(LISTENER + ".type", "egress")
                .set(LISTENER + ".connection_idle_timeout", "90s")
                .set(PROXY + ".upstream_protocol", "Http1"));

    assertThat(listener.name()).isEqualTo("egress");
    assertThat(listener.type()).isEqualTo(ListenerType.EGRESS);
    assertThat(listener.address()).isEqualTo(new HostPort("127.0.0.1", 2045));
    assertThat(listener.bindPort()).isTrue();
    assertThat(listener.idleTimeout()).contains(Duration.ofSeconds(90));
    assertThat(listener.networkFilters())
        .containsExactly(
            new FilterConfig(
                "proxy", new ProxyConfig(List.of("Http1"), "Http1", "egress_router", Map.of())));
    assertThat(listener.streamFilters()).isEmpty();
    assertThat(listener.accessLogs()).isEmpty();
  }

  @Test
  void keysMatchIgnoringCaseAndAnUnnamedListenerIsNamedAfterItsAddress() {
    ConfigJson json = ConfigJson.base().remove(LISTENER + ".name").remove(LISTENER + ".address");
    json.set(LISTENER + ".Address", "127.0.0.1:2045");

    assertThat(listener(json).name()).isEqualTo("127.0.0.1:2045");
  }

  @Test
  void theAddressIsRequiredAndMustBeHostPort() {
    assertThat(ConfigJson.base().remove(LISTENER + ".address").error())
        .isEqualTo("config.json: servers[0].listeners[0].address: is required");
    assertThat(ConfigJson.base().set(LISTENER + ".address", "localhost").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].address: expected host:port, got \"localhost\"");
    assertThat(ConfigJson.base().set(LISTENER + ".address", "127.0.0.1:70000").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].address: expected a port in 0-65535, got 70000"
                + " in \"127.0.0.1:70000\"");
  }

  @Test
  void bindPortFalseOrMissingWouldNeverAcceptAConnection() {
    String why =
        "the listener would never accept a connection of its own (MOSN hands it connections from"
            + " an original-destination listener, which Weft does not have); set \"bind_port\": true";
    assertThat(ConfigJson.base().set(LISTENER + ".bind_port", false).error())
        .isEqualTo("config.json: servers[0].listeners[0].bind_port: is false: " + why);
    assertThat(ConfigJson.base().remove(LISTENER + ".bind_port").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].bind_port: is missing, which MOSN reads as"
                + " false: "
                + why);
    assertThat(ConfigJson.base().set(LISTENER + ".bind_port", "yes").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].bind_port: expected true or false, got \"yes\"");
  }

  @Test
  void onlyTcpListenersAndKnownTypes() {
    assertThat(ConfigJson.base().set(LISTENER + ".network", "UDP").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].network: not supported by Weft: \"udp\";"
                + " expected \"tcp\"");
    assertThat(ConfigJson.base().set(LISTENER + ".type", "sideways").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].type: expected \"ingress\" or \"egress\", got"
                + " \"sideways\"");
  }

  @Test
  void aBadDurationSaysWhatADurationLooksLike() {
    assertThat(ConfigJson.base().set(LISTENER + ".connection_idle_timeout", "30").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].connection_idle_timeout: expected a duration"
                + " such as \"300ms\", \"30s\" or \"1m\", got \"30\"");
    assertThat(ConfigJson.base().set(LISTENER + ".connection_idle_timeout", 30).error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].connection_idle_timeout: expected a duration"
                + " string such as \"30s\" or \"300ms\", got 30");
  }

  @Test
  void legacyLogKeysAreWarnings() {
    LoadedConfig loaded =
        ConfigJson.base()
            .set(LISTENER + ".log_path", "stdout")
            .set(LISTENER + ".log_level", "DEBUG")
            .ok();

    assertThat(loaded.warnings())
        .containsExactlyInAnyOrder(
            "config.json: servers[0].listeners[0].log_path: ignored: Weft logs through SLF4J; set"
                + " the level with -Dweft.log.level",
            "config.json: servers[0].listeners[0].log_level: ignored: Weft logs through SLF4J; set"
                + " the level with -Dweft.log.level");
  }

  @Test
  void anUnknownListenerKeyListsTheExpectedOnes() {
    assertThat(ConfigJson.base().set(LISTENER + ".bindport", true).error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].bindport: unknown key; expected one of"
                + " access_logs, address, bind_port, connection_idle_timeout, filter_chains,"
                + " inspector, listener_filters, name, network, stream_filters, type,"
                + " use_original_dst");
  }

  @Test
  void featuresThatWouldChangeBehaviourAreRefused() {
    assertThat(ConfigJson.base().set(LISTENER + ".use_original_dst", "tproxy").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].use_original_dst: not supported by Weft:"
                + " original-destination listeners (tproxy/redirect)");
    assertThat(
            ConfigJson.base()
                .setJson(LISTENER + ".listener_filters", "[{\"type\": \"original_dst\"}]")
                .error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].listener_filters: not supported by Weft:"
                + " listener filters");
    assertThat(ConfigJson.base().set(LISTENER + ".inspector", true).error())
        .startsWith("config.json: servers[0].listeners[0].inspector: not supported by Weft");
    assertThat(ConfigJson.base().set(LISTENER + ".use_original_dst", "").ok().warnings()).isEmpty();
  }

  @Test
  void aTlsCertificateIsRefusedButAnEmptyOrDisabledTlsContextIsPlaintext() {
    assertThat(
            ConfigJson.base()
                .setJson(CHAIN + ".tls_context", "{\"status\": true, \"cert_chain\": \"x.pem\"}")
                .error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].filter_chains[0].tls_context.status: not"
                + " supported by Weft: TLS (Weft serves plaintext only for now)");
    assertThat(
            ConfigJson.base()
                .setJson(
                    CHAIN + ".tls_context", "{\"cert_chain\": \"x.pem\", \"private_key\": \"k\"}")
                .error())
        .startsWith("config.json: servers[0].listeners[0].filter_chains[0].tls_context.");
    assertThat(
            ConfigJson.base().setJson(CHAIN + ".tls_context_set", "[{\"status\": true}]").error())
        .startsWith(
            "config.json: servers[0].listeners[0].filter_chains[0].tls_context_set[0].status: not"
                + " supported by Weft: TLS");
    assertThat(ConfigJson.base().setJson(CHAIN + ".tls_context", "{}").ok().warnings()).isEmpty();
    assertThat(
            ConfigJson.base()
                .setJson(CHAIN + ".tls_context", "{\"status\": false, \"cert_chain\": \"x.pem\"}")
                .ok()
                .warnings())
        .containsExactly(
            "config.json: servers[0].listeners[0].filter_chains[0].tls_context: ignored: TLS is"
                + " switched off (\"status\": false)");
  }

  @Test
  void onlyOneFilterChainWithANetworkFilter() {
    assertThat(ConfigJson.base().setJson(LISTENER + ".filter_chains[1]", "{}").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].filter_chains[1]: not supported by Weft: more"
                + " than one filter chain (MOSN would use only the first and silently drop the"
                + " others)");
    assertThat(ConfigJson.base().setJson(LISTENER + ".filter_chains", "[{}]").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].filter_chains[0].filters: expected a network"
                + " filter such as proxy; without one the listener would accept connections and do"
                + " nothing");
    assertThat(ConfigJson.base().remove(LISTENER + ".filter_chains").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].filter_chains: expected one filter chain holding"
                + " a network filter such as proxy");
  }

  @Test
  void anUnknownFilterTypeListsTheRegisteredOnes() {
    assertThat(ConfigJson.base().set(CHAIN + ".filters[0].type", "proxi").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].filter_chains[0].filters[0].type: unknown"
                + " network filter 'proxi'; expected one of connection_manager, proxy, tcp_proxy");
    assertThat(
            ConfigJson.base()
                .setJson(LISTENER + ".stream_filters", "[{\"type\": \"gzip\"}]")
                .error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].stream_filters[0].type: unknown stream filter"
                + " 'gzip'; expected one of fault");
  }

  @Test
  void proxyFilterKeysWithoutEffectAreWarnedAndTheUnknownProtocolFallbackIsRefused() {
    assertThat(ConfigJson.base().set(PROXY + ".concurrency_num", 4).ok().warnings())
        .containsExactly(
            "config.json: servers[0].listeners[0].filter_chains[0].filters[0].config"
                + ".concurrency_num: ignored: it has no effect in Weft");
    assertThat(ConfigJson.base().set(PROXY + ".fallback_for_unknown_protocol", true).error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].filter_chains[0].filters[0].config"
                + ".fallback_for_unknown_protocol: not supported by Weft: a connection no listed"
                + " protocol recognises is closed");
  }

  @Test
  void anUnknownProtocolIsAnError() {
    assertThat(ConfigJson.base().set(PROXY + ".downstream_protocol", "Http3").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].filter_chains[0].filters[0].config"
                + ".downstream_protocol: unknown protocol 'Http3'; expected one of Http1");
  }

  @Test
  void eachFilterParsesItsOwnConfig() {
    ListenerConfig listener =
        listener(
            ConfigJson.base()
                .setJson(
                    LISTENER + ".stream_filters",
                    "[{\"type\": \"fault\", \"config\": {\"delay_percent\": 50}}]"));
    assertThat(listener.streamFilters()).containsExactly(new FilterConfig("fault", 50));

    assertThat(
            ConfigJson.base().setJson(PROXY, "{\"router_config_name\": \"egress_router\"}").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].filter_chains[0].filters[0].config"
                + ".downstream_protocol: is required");
  }

  @Test
  void accessLogsAreCheckedByTheAccessLogFormatCheck() {
    ListenerConfig listener =
        listener(
            ConfigJson.base()
                .setJson(
                    LISTENER + ".access_logs",
                    "[{\"log_path\": \"stdout\", \"log_format\": \"%start_time% %protocol%\"}]"));
    assertThat(listener.accessLogs())
        .containsExactly(new AccessLogConfig("stdout", "%start_time% %protocol%"));

    assertThat(
            ConfigJson.base()
                .setJson(
                    LISTENER + ".access_logs",
                    "[{\"log_path\": \"stdout\", \"log_format\": \"%bogus%\"}]")
                .error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].access_logs[0].log_format: unknown variable"
                + " %bogus%");
  }

  @Test
  void aLegacyConnectionManagerCarriesTheRouteTable() {
    ConfigJson json =
        ConfigJson.base()
            .setJson("servers[0].routers", "[]")
            .setJson(
                CHAIN + ".filters[1]",
                "{\"type\": \"connection_manager\", \"config\": {\"router_config_name\":"
                    + " \"egress_router\", \"virtual_hosts\": [{\"name\": \"h\", \"domains\":"
                    + " [\"*\"], \"routers\": [{\"match\": {\"prefix\": \"/\"}, \"route\":"
                    + " {\"cluster_name\": \"backend\"}}]}]}}");

    LoadedConfig loaded = json.ok();

    assertThat(loaded.config().listeners().get(0).networkFilters()).hasSize(1);
    assertThat(loaded.config().routers())
        .extracting(RouterConfig::name)
        .containsExactly("egress_router");
    assertThat(loaded.config().router("egress_router").orElseThrow().virtualHosts().get(0).name())
        .isEqualTo("h");
    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void theListenerTypeIsOptional() {
    assertThat(listener(ConfigJson.base()).type()).isEqualTo(ListenerType.UNSPECIFIED);
    assertThat(listener(ConfigJson.base()).idleTimeout()).isEqualTo(Optional.empty());
  }
}

package dev.weft.dataplane.proxy.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.weft.dataplane.config.Cidr;
import dev.weft.dataplane.config.ConfigException;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.TcpProxyConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TcpProxyConfigParserTest {
  private static TcpProxyConfig parse(String json) {
    return TcpProxyConfigParser.parse(
        ConfigNode.root("config.json", JsonParser.parseString(json))
            .require("tcp")); // the path below the root shows in messages
  }

  private static String error(String json) {
    try {
      parse(json);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a config error for " + json);
  }

  @Test
  void readsMosnsKeysWithIdleTimeoutInNanoseconds() {
    TcpProxyConfig config =
        parse(
            "{\"tcp\": {\"stat_prefix\": \"tcp_egress\", \"cluster\": \"c1\","
                + " \"idle_timeout\": 30000000000, \"max_connect_attempts\": 3,"
                + " \"routes\": [{\"cluster\": \"c2\","
                + "   \"source_addrs\": [{\"address\": \"10.0.0.0\", \"length\": 8}],"
                + "   \"destination_addrs\": [\"192.168.1.7\", \"fd00::/8\"]}]}}");

    assertThat(config.statPrefix()).isEqualTo("tcp_egress");
    assertThat(config.cluster()).isEqualTo("c1");
    assertThat(config.idleTimeout()).contains(Duration.ofSeconds(30));
    assertThat(config.maxConnectAttempts()).isEqualTo(3);
    assertThat(config.routes())
        .containsExactly(
            new TcpProxyConfig.Route(
                "c2",
                List.of(Cidr.parse("10.0.0.0/8")),
                List.of(Cidr.parse("192.168.1.7/32"), Cidr.parse("fd00::/8"))));
  }

  @Test
  void acceptsAGoDurationStringAndDefaultsTheRest() {
    TcpProxyConfig config = parse("{\"tcp\": {\"cluster\": \"c1\", \"idle_timeout\": \"1m30s\"}}");

    assertThat(config.idleTimeout()).contains(Duration.ofSeconds(90));
    assertThat(config.maxConnectAttempts()).isEqualTo(1);
    assertThat(config.statPrefix()).isEmpty();
    assertThat(config.routes()).isEmpty();
    assertThat(parse("{\"tcp\": {\"cluster\": \"c1\", \"idle_timeout\": 0}}").idleTimeout())
        .isEqualTo(Optional.empty());
    assertThat(parse("{\"tcp\": {\"cluster\": \"c1\", \"max_connect_attempts\": 0}}"))
        .extracting(TcpProxyConfig::maxConnectAttempts)
        .isEqualTo(1);
  }

  @Test
  void mistakesNameTheirPath() {
    assertThat(error("{\"tcp\": {\"cluster\": \"c1\", \"idle_timeout\": true}}"))
        .isEqualTo(
            "config.json: tcp.idle_timeout: expected nanoseconds (MOSN's form: 30000000000 for"
                + " 30s) or a duration string such as \"30s\", got true");
    assertThat(error("{\"tcp\": {\"cluster\": \"c1\", \"idle_timeout\": \"30\"}}"))
        .startsWith("config.json: tcp.idle_timeout: expected a duration");
    assertThat(error("{\"tcp\": {\"cluster\": \"c1\", \"idle_timeout\": -5}}"))
        .startsWith("config.json: tcp.idle_timeout: expected a number from 0 to");
    assertThat(error("{\"tcp\": {\"cluster\": \"c1\", \"max_connect_attempts\": 1000}}"))
        .isEqualTo(
            "config.json: tcp.max_connect_attempts: expected a number from 0 to 100, got 1000");
    assertThat(error("{\"tcp\": {\"cluster\": \"c1\", \"clusters\": []}}"))
        .isEqualTo(
            "config.json: tcp.clusters: unknown key; expected one of cluster, idle_timeout,"
                + " max_connect_attempts, routes, stat_prefix");
    assertThat(error("{\"tcp\": {\"stat_prefix\": \"x\"}}"))
        .isEqualTo("config.json: tcp: expected \"cluster\", \"routes\" or both");
    assertThat(error("{\"tcp\": {\"routes\": [{\"source_addrs\": []}]}}"))
        .isEqualTo("config.json: tcp.routes[0].cluster: is required");
    assertThat(
            error(
                "{\"tcp\": {\"routes\": [{\"cluster\": \"c\","
                    + " \"source_addrs\": [{\"address\": \"10.0.0.0\"}]}]}}"))
        .isEqualTo("config.json: tcp.routes[0].source_addrs[0].length: is required");
    assertThat(
            error(
                "{\"tcp\": {\"routes\": [{\"cluster\": \"c\","
                    + " \"destination_addrs\": [{\"address\": \"10.0.0.0\", \"length\": 33}]}]}}"))
        .isEqualTo(
            "config.json: tcp.routes[0].destination_addrs[0]: expected a prefix length from 0 to"
                + " 32, got \"10.0.0.0/33\"");
    assertThat(
            error(
                "{\"tcp\": {\"routes\": [{\"cluster\": \"c\","
                    + " \"destination_addrs\": [\"example.com\"]}]}}"))
        .isEqualTo(
            "config.json: tcp.routes[0].destination_addrs[0]: expected an IP address or CIDR"
                + " range, got \"example.com\"");
    assertThat(
            error("{\"tcp\": {\"routes\": [{\"cluster\": \"c\", \"destination_port\": \"80\"}]}}"))
        .startsWith("config.json: tcp.routes[0].destination_port: is not supported");
  }

  @Test
  void routesAreTriedInOrderBeforeTheDefaultCluster() {
    TcpRouteTable table =
        new TcpRouteTable(
            parse(
                "{\"tcp\": {\"cluster\": \"default\", \"routes\": ["
                    + "{\"cluster\": \"from-ten\", \"source_addrs\": [\"10.0.0.0/8\"]},"
                    + "{\"cluster\": \"to-local\", \"destination_addrs\": [\"127.0.0.1\"]},"
                    + "{\"cluster\": \"both\", \"source_addrs\": [\"172.16.0.0/12\"],"
                    + "  \"destination_addrs\": [\"127.0.0.2\"]}]}}"));

    assertThat(table.clusterFor(address("10.1.2.3"), address("127.0.0.1"))).isEqualTo("from-ten");
    assertThat(table.clusterFor(address("11.1.2.3"), address("127.0.0.1"))).isEqualTo("to-local");
    assertThat(table.clusterFor(address("172.16.9.9"), address("127.0.0.2"))).isEqualTo("both");
    assertThat(table.clusterFor(address("172.16.9.9"), address("127.0.0.3"))).isEqualTo("default");
    assertThat(
            new TcpRouteTable(
                    parse(
                        "{\"tcp\": {\"routes\": [{\"cluster\": \"x\","
                            + " \"source_addrs\": [\"10.0.0.0/8\"]}]}}"))
                .clusterFor(address("11.0.0.1"), address("127.0.0.1")))
        .isEmpty();
  }

  private static InetSocketAddress address(String ip) {
    return new InetSocketAddress(ip, 1234);
  }
}

package dev.weft.dataplane.config.mosn;

import static dev.weft.dataplane.config.mosn.ConfigJson.CLUSTER;
import static dev.weft.dataplane.config.mosn.ConfigJson.LISTENER;
import static dev.weft.dataplane.config.mosn.ConfigJson.PROXY;
import static dev.weft.dataplane.config.mosn.ConfigJson.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names are checked once everything is parsed: duplicates and dangling references. */
class CrossReferencesTest {
  private static final String SECOND_LISTENER = "servers[0].listeners[1]";

  private static ConfigJson twoListeners(String secondName, String secondAddress) {
    ConfigJson json = ConfigJson.base();
    String first = json.json();
    json.setJson(
        SECOND_LISTENER,
        com.google.gson.JsonParser.parseString(first)
            .getAsJsonObject()
            .getAsJsonArray("servers")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("listeners")
            .get(0)
            .toString());
    return json.set(SECOND_LISTENER + ".name", secondName)
        .set(SECOND_LISTENER + ".address", secondAddress);
  }

  @Test
  void aProxyMustNameAnExistingRouter() {
    assertThat(ConfigJson.base().set(PROXY + ".router_config_name", "ingress_router").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].filter_chains[0].filters[0].config"
                + ".router_config_name: no router named 'ingress_router'; expected one of"
                + " egress_router");
    assertThat(ConfigJson.base().setJson("servers[0].routers", "[]").error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].filter_chains[0].filters[0].config"
                + ".router_config_name: no router named 'egress_router'; the config defines no"
                + " routers");
  }

  @Test
  void aRouteMustNameAnExistingCluster() {
    assertThat(ConfigJson.base().set(ROUTE + ".route.cluster_name", "backnd").error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].route.cluster_name: no"
                + " cluster named 'backnd'; expected one of backend");
    assertThat(
            ConfigJson.base()
                .setJson(
                    ROUTE + ".route",
                    "{\"weighted_clusters\": [{\"cluster\": {\"name\": \"backend\", \"weight\": 1}},"
                        + " {\"cluster\": {\"name\": \"canary\", \"weight\": 1}}]}")
                .error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].route"
                + ".weighted_clusters[1].cluster.name: no cluster named 'canary'; expected one of"
                + " backend");
  }

  @Test
  void aTcpProxyMustNameExistingClusters() {
    assertThat(
            ConfigJson.base()
                .setJson(
                    LISTENER + ".filter_chains[0].filters[0]",
                    "{\"type\": \"tcp_proxy\", \"config\": {\"routes\": [{\"cluster\": \"db\"}]}}")
                .error())
        .isEqualTo(
            "config.json: servers[0].listeners[0].filter_chains[0].filters[0].config.routes[0]"
                + ".cluster: no cluster named 'db'; expected one of backend");
  }

  @Test
  void duplicateNamesAreErrors() {
    assertThat(twoListeners("egress", "127.0.0.1:2046").error())
        .isEqualTo(
            "config.json: servers[0].listeners[1].name: duplicate listener name 'egress'; already"
                + " used at servers[0].listeners[0].name");
    assertThat(
            ConfigJson.base()
                .setJson("cluster_manager.clusters[1]", "{\"Name\": \"backend\", \"hosts\": []}")
                .error())
        .isEqualTo(
            "config.json: cluster_manager.clusters[1].Name: duplicate cluster name 'backend';"
                + " already used at cluster_manager.clusters[0].name");
    assertThat(
            ConfigJson.base()
                .setJson(
                    "servers[0].routers[1]",
                    "{\"router_config_name\": \"egress_router\", \"virtual_hosts\": []}")
                .error())
        .isEqualTo(
            "config.json: servers[0].routers[1].router_config_name: duplicate router name"
                + " 'egress_router'; already used at servers[0].routers[0].router_config_name");
  }

  @Test
  void twoListenersCannotShareAnAddressExceptPortZero() {
    assertThat(twoListeners("ingress", "127.0.0.1:2045").error())
        .isEqualTo(
            "config.json: servers[0].listeners[1].address: duplicate listener address"
                + " '127.0.0.1:2045'; already used at servers[0].listeners[0].address");
    ConfigJson portZero =
        twoListeners("ingress", "127.0.0.1:0").set(LISTENER + ".address", "127.0.0.1:0");
    assertThat(portZero.ok().config().listeners()).hasSize(2);
  }

  @Test
  void theHappyPathHasNoDanglingNames() {
    assertThat(ConfigJson.base().set(CLUSTER + ".name", "backend").ok().config().cluster("backend"))
        .isPresent();
  }
}

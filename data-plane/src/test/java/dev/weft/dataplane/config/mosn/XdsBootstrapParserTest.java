package dev.weft.dataplane.config.mosn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.XdsNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MOSN's xDS mode: node, dynamic_resources.ads_config and the ADS cluster in static_resources. */
class XdsBootstrapParserTest {
  private static final String NODE =
      """
      "node": {"id": "sidecar-1", "cluster": "shop",
               "locality": {"zone": "gz00a"},
               "metadata": {"app": "shop", "weft.egress_ports": {"bolt": 12220},
                            "weft.session": true}}""";
  private static final String DYNAMIC =
      """
      "dynamic_resources": {"ads_config": {"api_type": "GRPC", "transport_api_version": "V3",
        "grpc_services": [{"envoy_grpc": {"cluster_name": "xds-grpc"}}]},
        "lds_config": {"ads": {}, "resource_api_version": "V3"}}""";
  private static final String STATIC =
      """
      "static_resources": {"clusters": [{"name": "xds-grpc", "type": "STATIC",
        "connect_timeout": "1s", "http2_protocol_options": {},
        "load_assignment": {"cluster_name": "xds-grpc", "endpoints": [{"lb_endpoints": [
          {"endpoint": {"address": {"socket_address":
            {"address": "127.0.0.1", "port_value": 15010}}}}]}]}}]}""";

  private static final String ENDPOINT =
      "{\"endpoint\": {\"address\": {\"socket_address\": {\"address\": \"10.0.0.1\","
          + " \"port_value\": 15010}}}}";

  @TempDir Path dir;

  private LoadedConfig load(String json) throws Exception {
    return MosnConfigLoader.load(write(json), TestVocabulary.create()).orThrow();
  }

  private String error(String json) throws Exception {
    return MosnConfigLoader.load(write(json), TestVocabulary.create()).error().toString();
  }

  private Path write(String json) throws Exception {
    return Files.writeString(dir.resolve("config.json"), json);
  }

  @Test
  void readsTheNodeAndTheControlPlaneAndNeedsNoListeners() throws Exception {
    LoadedConfig loaded = load("{" + NODE + "," + DYNAMIC + "," + STATIC + "}");

    assertThat(loaded.xds().controlPlanes()).contains(List.of(new HostPort("127.0.0.1", 15010)));
    XdsNode node = loaded.xds().node().orElseThrow();
    assertThat(node.id()).isEqualTo("sidecar-1");
    assertThat(node.cluster()).isEqualTo("shop");
    assertThat(node.zone()).isEqualTo("gz00a");
    assertThat(node.metadata())
        .containsEntry("app", "shop")
        .containsEntry("weft.egress_ports", Map.of("bolt", 12220.0))
        .containsEntry("weft.session", true);
    assertThat(loaded.config().listeners()).isEmpty();
    assertThat(loaded.warnings())
        .map(warning -> warning.substring(dir.toString().length() + 1))
        .containsExactlyInAnyOrder(
            "config.json: static_resources.clusters[0].connect_timeout: ignored: Weft's ADS"
                + " client gives each connection attempt 5 s",
            "config.json: static_resources.clusters[0].http2_protocol_options: ignored: gRPC"
                + " always speaks HTTP/2");
  }

  @Test
  void staticPartsComeFromServersAndClusterManager() throws Exception {
    String json = ConfigJson.base().json();
    LoadedConfig loaded =
        load(json.substring(0, json.length() - 1) + "," + DYNAMIC + "," + STATIC + "}");

    assertThat(loaded.config().listeners()).hasSize(1);
    assertThat(loaded.xds().controlPlanes()).isPresent();
    assertThat(loaded.xds().node()).isEmpty();
  }

  @Test
  void withoutDynamicResourcesTheNodeIsKeptForWeftSidecarXds() throws Exception {
    String json = ConfigJson.base().json();
    LoadedConfig loaded = load(json.substring(0, json.length() - 1) + "," + NODE + "}");

    assertThat(loaded.xds().controlPlanes()).isEmpty();
    assertThat(loaded.xds().node().orElseThrow().id()).isEqualTo("sidecar-1");
  }

  @Test
  void whatWeftCannotDoIsAnErrorNamingThePath() throws Exception {
    assertThat(error("{" + DYNAMIC.replace("\"GRPC\"", "\"DELTA_GRPC\"") + "," + STATIC + "}"))
        .endsWith(
            "config.json: dynamic_resources.ads_config.api_type: expected \"GRPC\""
                + " (state-of-the-world ADS, as in MOSN), got \"DELTA_GRPC\"");
    assertThat(
            error(
                "{"
                    + DYNAMIC.replace(
                        "\"lds_config\": {\"ads\": {}", "\"lds_config\": {\"path\": \"/x\"")
                    + ","
                    + STATIC
                    + "}"))
        .contains("dynamic_resources.lds_config.path: unknown key; expected one of ads,");
    assertThat(error("{" + DYNAMIC + "}")).endsWith("config.json: static_resources: is required");
    assertThat(
            error(
                "{"
                    + DYNAMIC
                    + ","
                    + STATIC.replace("\"name\": \"xds-grpc\"", "\"name\": \"other\"")
                    + "}"))
        .endsWith(
            "static_resources.clusters[0].name: only the ADS cluster ('xds-grpc') is read from"
                + " static_resources, once; put static clusters in cluster_manager.clusters");
    assertThat(
            error(
                "{"
                    + DYNAMIC
                    + ","
                    + STATIC.replace(
                        "{\"lb_endpoints\": [",
                        "{\"lb_endpoints\": [" + ENDPOINT + ", " + ENDPOINT + ", ")
                    + "}"))
        .endsWith(
            "static_resources.clusters[0].load_assignment.endpoints[0].lb_endpoints[1].endpoint"
                + ".address.socket_address: expected each control-plane replica once, got"
                + " 10.0.0.1:15010 a second time");
    assertThat(
            error(
                "{"
                    + DYNAMIC
                    + ","
                    + STATIC.substring(0, STATIC.indexOf("[{\"lb_endpoints\""))
                    + "[]}}]}"
                    + "}"))
        .endsWith(
            "static_resources.clusters[0].load_assignment.endpoints: expected at least one"
                + " endpoint (the control plane, or its replicas in order of preference), got"
                + " none");
  }

  @Test
  void theAdsClustersEndpointsAreTheControlPlanesReplicasInOrder() throws Exception {
    String replicas =
        STATIC.replace(
            "{\"lb_endpoints\": [",
            "{\"lb_endpoints\": ["
                + ENDPOINT
                + "]}, {\"lb_endpoints\": ["
                + ENDPOINT.replace("15010", "15011")
                + ", ");
    LoadedConfig loaded = load("{" + DYNAMIC + "," + replicas + "}");

    assertThat(loaded.xds().controlPlanes())
        .contains(
            List.of(
                new HostPort("10.0.0.1", 15010),
                new HostPort("10.0.0.1", 15011),
                new HostPort("127.0.0.1", 15010)));
  }
}

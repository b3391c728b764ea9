package dev.weft.dataplane.xds.translate;

import com.google.protobuf.Message;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import dev.weft.dataplane.xds.XdsProblem;
import dev.weft.dataplane.xds.XdsResources;
import dev.weft.dataplane.xds.XdsTranslation;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A translation over a real sidecar's registries (created, never started), and short helpers. */
abstract class TranslationTestBase {
  static final String LISTENER = "type.googleapis.com/envoy.config.listener.v3.Listener";
  static final String ROUTE = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
  static final String CLUSTER = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  static final String ENDPOINTS =
      "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  static final SidecarConfig EMPTY =
      new SidecarConfig(List.of(), List.of(), List.of(), Optional.empty());

  static Sidecar sidecar;
  static XdsTranslation translation;

  @BeforeAll
  static void registries() {
    sidecar = Sidecar.create(SidecarOptions.defaults());
    translation = new EnvoyTranslation(sidecar.mosnVocabulary());
  }

  @AfterAll
  static void closeSidecar() {
    sidecar.close();
  }

  /** The problem messages of one resource. */
  static List<String> check(String typeUrl, Message resource) {
    return translation.check(typeUrl, resource).stream().map(XdsProblem::message).toList();
  }

  static List<String> check(Listener listener) {
    return check(LISTENER, listener);
  }

  static List<String> check(RouteConfiguration route) {
    return check(ROUTE, route);
  }

  static List<String> check(Cluster cluster) {
    return check(CLUSTER, cluster);
  }

  static List<String> check(ClusterLoadAssignment assignment) {
    return check(ENDPOINTS, assignment);
  }

  static XdsTranslation.Result translate(Message... resources) {
    return translation.translate(EMPTY, resources(resources));
  }

  static XdsResources resources(Message... resources) {
    return ControlPlaneResources.resources(resources);
  }
}

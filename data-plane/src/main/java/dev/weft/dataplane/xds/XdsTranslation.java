package dev.weft.dataplane.xds;

import com.google.protobuf.Message;
import dev.weft.dataplane.config.SidecarConfig;
import java.util.List;
import java.util.Set;

/**
 * Envoy v3 resources to the data plane's config records (docs/xds-client.md). {@link #check} is run
 * on every resource of a response before anything is applied: one problem NACKs the response and
 * nothing changes. {@link #translate} then builds the whole config: the static part ({@code base}:
 * static_resources and admin) plus the dynamic resources, with warming: a cluster is used only once
 * its endpoints arrived (EDS clusters), a listener only once its route configs arrived.
 */
public interface XdsTranslation {
  /** What is wrong with one resource of {@code typeUrl}; empty when Weft can apply it. */
  List<XdsProblem> check(String typeUrl, Message resource);

  /** The config to run with these resources on top of {@code base}. */
  Result translate(SidecarConfig base, XdsResources resources);

  /**
   * {@code config} holds only warm listeners and clusters; the others are listed, waiting for their
   * routes or endpoints. {@code problems} are cross-resource errors found while building (e.g. a
   * route naming a cluster that does not exist is not one: the route answers 503 as Envoy does); a
   * non-empty list means {@code config} must not be applied.
   */
  record Result(
      SidecarConfig config,
      Set<String> warmingListeners,
      Set<String> warmingClusters,
      List<XdsProblem> problems) {
    public Result {
      warmingListeners = Set.copyOf(warmingListeners);
      warmingClusters = Set.copyOf(warmingClusters);
      problems = List.copyOf(problems);
    }
  }
}

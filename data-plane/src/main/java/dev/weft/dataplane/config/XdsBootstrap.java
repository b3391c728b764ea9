package dev.weft.dataplane.config;

import java.util.List;
import java.util.Optional;

/**
 * The xDS part of a config.json in MOSN's xDS mode (Envoy's bootstrap subset): the {@code node},
 * and the control plane that {@code dynamic_resources.ads_config} names through a cluster of {@code
 * static_resources}.
 *
 * @param controlPlanes where the ADS stream goes: the ADS cluster's endpoints, the control plane's
 *     replicas in order of preference; present only when {@code dynamic_resources} is set
 * @param node the {@code node} block, when the file has one
 */
public record XdsBootstrap(Optional<List<HostPort>> controlPlanes, Optional<XdsNode> node) {
  public static final XdsBootstrap NONE = new XdsBootstrap(Optional.empty(), Optional.empty());
}

package dev.weft.dataplane.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node a sidecar presents to its control plane (Envoy's {@code config.core.v3.Node}): the first
 * request of every ADS stream carries it.
 *
 * @param metadata JSON-like values (String, Double, Boolean, Map, List, null) in insertion order;
 *     Weft's control plane reads {@link #APP}, {@link #EGRESS_PORTS}, {@link #APP_PORTS} and {@link
 *     #SESSION} (docs/xds-mapping.md)
 */
public record XdsNode(
    String id,
    String cluster,
    String region,
    String zone,
    String subZone,
    Map<String, Object> metadata) {
  /** The app the sidecar stands beside. */
  public static final String APP = "app";

  /** A struct protocol → port: where the node's apps dial the sidecar. */
  public static final String EGRESS_PORTS = "weft.egress_ports";

  /** A struct protocol → port: where the local app listens. */
  public static final String APP_PORTS = "weft.app_ports";

  /** A bool: the node opens a registry session with its node id. */
  public static final String SESSION = "weft.session";

  public XdsNode {
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** A node with only an id. */
  public static XdsNode of(String id) {
    return new XdsNode(id, "", "", "", "", Map.of());
  }

  public XdsNode withId(String value) {
    return new XdsNode(value, cluster, region, zone, subZone, metadata);
  }

  public XdsNode withCluster(String value) {
    return new XdsNode(id, value, region, zone, subZone, metadata);
  }

  public XdsNode withZone(String value) {
    return new XdsNode(id, cluster, region, value, subZone, metadata);
  }

  /** This node with metadata {@code key} set to {@code value} (replacing what was there). */
  public XdsNode withMetadata(String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(metadata);
    copy.put(key, value);
    return new XdsNode(id, cluster, region, zone, subZone, copy);
  }
}

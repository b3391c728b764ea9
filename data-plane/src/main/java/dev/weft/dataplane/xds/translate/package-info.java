/**
 * Envoy v3 resources to the data plane's config records: {@link EnvoyTranslation} checks each
 * Listener, RouteConfiguration, Cluster and ClusterLoadAssignment and builds a whole {@code
 * SidecarConfig} from them, with warming. docs/xds-client.md ("What the sidecar accepts") is the
 * mapping and the list of what is refused.
 *
 * <p>Part of the {@code xds} layer: depends on {@code config} and {@code extension} (the
 * registries' names) only, plus Envoy's messages, Weft's api-protos and protobuf-java-util. Pure:
 * no I/O, no DNS, no clock; equal resources give equal configs.
 */
package dev.weft.dataplane.xds.translate;

/**
 * The sidecar's xDS side: an ADS client that holds the accepted resources, checks and translates
 * them into config records ({@code .translate}) and applies them to the running sidecar. May use
 * config, extension, stats, admin (only its plain {@code XdsStatus} record), Envoy's API messages,
 * Weft's api-protos and gRPC; the forwarding path never sees a protobuf message. It applies configs
 * through a {@code Consumer<SidecarConfig>} ({@code Sidecar::update}), so it does not depend on
 * {@code server}.
 */
package dev.weft.dataplane.xds;

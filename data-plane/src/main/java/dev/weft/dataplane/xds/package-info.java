/**
 * The sidecar's xDS side: an ADS client that holds the accepted resources, checks and translates
 * them into config records ({@code .translate}) and applies them to the running sidecar. May use
 * config, extension, stats, Envoy's API messages, Weft's api-protos and gRPC; the forwarding path
 * never sees a protobuf message.
 */
package dev.weft.dataplane.xds;

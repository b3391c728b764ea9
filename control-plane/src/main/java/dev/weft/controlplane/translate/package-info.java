/**
 * Turns the mesh into Envoy v3 resources for one node (docs/xds-mapping.md). Pure functions of
 * their inputs, memoized per service version. May depend on {@code mesh}, the {@code xds} package's
 * {@link dev.weft.controlplane.xds.ResourceSource} interface, the registry model, Envoy's API and
 * Weft's api-protos; never on the xDS server's streams or the admin API.
 */
package dev.weft.controlplane.translate;

/**
 * The app-facing registry agent of a sidecar, compatible with SOFA RPC's mesh registry ({@code
 * registry-mesh}): JSON over HTTP on 127.0.0.1:13330. A stock SOFA RPC app publishes and subscribes
 * through it; the agent publishes the sidecar's own ingress address in the sidecar's registry
 * session and answers subscriptions with the sidecar's egress address (docs/mesh-agent.md).
 *
 * <p>Depends on {@code client} (the registry session) and {@code model}; never on data-plane code:
 * the sidecar tells the agent when a cluster is warm through {@link
 * dev.weft.registry.agent.ClusterWarmth}.
 */
package dev.weft.registry.agent;

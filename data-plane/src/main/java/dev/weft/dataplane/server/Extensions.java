package dev.weft.dataplane.server;

import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.network.NetworkFilterFactory;
import dev.weft.dataplane.protocol.ProtocolRegistry;
import dev.weft.dataplane.stream.StreamFilterFactory;
import dev.weft.dataplane.upstream.ClusterType;
import dev.weft.dataplane.upstream.LoadBalancerFactory;

/** Every registry of one sidecar, built once at start-up and passed down. */
public record Extensions(
    ProtocolRegistry protocols,
    Registry<NetworkFilterFactory> networkFilters,
    Registry<StreamFilterFactory> streamFilters,
    Registry<LoadBalancerFactory> loadBalancers,
    Registry<ClusterType> clusterTypes) {}

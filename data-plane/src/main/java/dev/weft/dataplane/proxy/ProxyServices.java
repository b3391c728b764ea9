package dev.weft.dataplane.proxy;

import dev.weft.dataplane.accesslog.AccessLogFactory;
import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.network.EventLoops;
import dev.weft.dataplane.protocol.ProtocolRegistry;
import dev.weft.dataplane.router.RouterTables;
import dev.weft.dataplane.stats.Stats;
import dev.weft.dataplane.stream.StreamFilterFactory;
import dev.weft.dataplane.upstream.ClusterManager;
import dev.weft.dataplane.upstream.ConnectionPools;

/** The sidecar-wide parts every proxy listener uses, wired by the composition root. */
public record ProxyServices(
    ProtocolRegistry protocols,
    RouterTables routers,
    ClusterManager clusters,
    ConnectionPools pools,
    EventLoops loops,
    Registry<StreamFilterFactory> streamFilters,
    AccessLogFactory accessLogs,
    Stats stats) {}

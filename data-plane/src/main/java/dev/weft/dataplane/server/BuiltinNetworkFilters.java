package dev.weft.dataplane.server;

import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.network.NetworkFilterFactory;
import dev.weft.dataplane.proxy.ProxyFilterFactory;
import dev.weft.dataplane.proxy.ProxyServices;
import dev.weft.dataplane.proxy.tcp.TcpProxyFilterFactory;

/** The network filters Weft ships. */
final class BuiltinNetworkFilters {
  private BuiltinNetworkFilters() {}

  static Registry<NetworkFilterFactory> create(ProxyServices services) {
    return Registry.<NetworkFilterFactory>builder("network filter")
        .register(new ProxyFilterFactory(services))
        .register(new TcpProxyFilterFactory(services))
        .build();
  }
}

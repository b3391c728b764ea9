package dev.weft.dataplane.config;

import java.util.List;

/** A named route table ({@code servers[].routers[]} in MOSN, a RouteConfiguration in xDS). */
public record RouterConfig(
    String name,
    List<VirtualHostConfig> virtualHosts,
    HeaderMutations requestHeaders,
    HeaderMutations responseHeaders) {

  public RouterConfig {
    virtualHosts = List.copyOf(virtualHosts);
  }
}

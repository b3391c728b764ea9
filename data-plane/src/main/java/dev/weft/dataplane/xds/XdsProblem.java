package dev.weft.dataplane.xds;

/**
 * Why a resource cannot be applied: it becomes the NACK's error detail, so it names the resource
 * and the field, e.g. {@code listener 'egress_bolt': filter_chains[0].filters[0].typed_config: type
 * 'envoy.filters.network.redis_proxy' is not supported; Weft has http_connection_manager,
 * tcp_proxy, dubbo_proxy, weft.rpc_proxy}.
 */
public record XdsProblem(String typeUrl, String resourceName, String message) {
  @Override
  public String toString() {
    return message;
  }
}

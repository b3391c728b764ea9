package dev.weft.peers.sofa;

import com.alipay.sofa.rpc.config.RegistryConfig;
import java.net.URI;

/**
 * {@code --registry mesh://host:port}: SOFA RPC's mesh registry ({@code registry-mesh}), which
 * talks JSON over HTTP to the agent in the local sidecar. Like SOFABoot's mesh configurator, the
 * {@code mesh://} address becomes an {@code http://} one: SOFA RPC resolves the agent's paths
 * against it.
 */
final class MeshRegistry {
  private MeshRegistry() {}

  static RegistryConfig of(String address) {
    URI uri = URI.create(address);
    if (!"mesh".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
      throw new IllegalArgumentException(
          "--registry: expected mesh://host:port, got '" + address + "'");
    }
    return new RegistryConfig()
        .setProtocol("mesh")
        .setAddress("http://" + uri.getHost() + ":" + uri.getPort());
  }
}

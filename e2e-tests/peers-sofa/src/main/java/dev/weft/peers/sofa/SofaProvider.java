package dev.weft.peers.sofa;

import com.alipay.sofa.rpc.config.ApplicationConfig;
import com.alipay.sofa.rpc.config.ProviderConfig;
import com.alipay.sofa.rpc.config.ServerConfig;
import dev.weft.peers.common.Args;

/**
 * A SOFA RPC provider of {@link EchoService} version 1.0 on a Bolt server on {@code --port}, named
 * {@code --name} in its {@link EchoService#named} answers (default {@code sofa-provider}): with no
 * registry, or with {@code --registry mesh://host:port} published through the sidecar's mesh
 * registry agent (SOFA RPC unpublishes it when the JVM stops cleanly, on SIGTERM).
 */
final class SofaProvider {
  private SofaProvider() {}

  static void run(Args args) {
    int port = Integer.parseInt(args.require("port"));
    ServerConfig server =
        new ServerConfig()
            .setProtocol("bolt")
            .setHost("127.0.0.1")
            .setBoundHost("127.0.0.1")
            .setPort(port)
            .setDaemon(false);
    ProviderConfig<EchoService> provider =
        new ProviderConfig<EchoService>()
            .setApplication(
                new ApplicationConfig().setAppName(args.get("app", "weft-sofa-provider")))
            .setInterfaceId(EchoService.class.getName())
            .setRef(new EchoServiceImpl(args.get("name", "sofa-provider")))
            .setServer(server);
    if (args.has("registry")) {
      provider.setRegistry(MeshRegistry.of(args.require("registry"))).setRegister(true);
    } else {
      provider.setRegister(false);
    }
    provider.export();
    System.out.println(
        "READY sofa-provider port="
            + port
            + " name="
            + args.get("name", "sofa-provider")
            + " service="
            + EchoService.class.getName()
            + ":1.0"
            + (args.has("registry") ? " registry=" + args.require("registry") : ""));
  }
}

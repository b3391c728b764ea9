package dev.weft.dataplane.proxy.tcp;

import dev.weft.dataplane.accesslog.AccessLog;
import dev.weft.dataplane.config.AccessLogConfig;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.TcpProxyConfig;
import dev.weft.dataplane.network.ListenerContext;
import dev.weft.dataplane.network.NetworkFilter;
import dev.weft.dataplane.network.NetworkFilterFactory;
import dev.weft.dataplane.proxy.ProxyServices;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code tcp_proxy} network filter: MOSN's L4 proxy. Config keys are described in {@link
 * TcpProxyConfigParser}. Cluster names are resolved per connection, so a cluster may appear after
 * the listener; a connection whose cluster does not exist is closed.
 *
 * <p>The listener's access logs get one line per connection, when it closes (no request or response
 * head; {@code bytes_received} is what the client sent, {@code bytes_sent} what it got).
 */
public final class TcpProxyFilterFactory implements NetworkFilterFactory {
  public static final String NAME = "tcp_proxy";

  private final ProxyServices services;

  public TcpProxyFilterFactory(ProxyServices services) {
    this.services = services;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Object parse(ConfigNode config) {
    return TcpProxyConfigParser.parse(config);
  }

  @Override
  public NetworkFilter create(Object config, ListenerContext context) {
    TcpProxyConfig tcp = (TcpProxyConfig) config;
    List<AccessLog> accessLogs = new ArrayList<>();
    for (AccessLogConfig log : context.config().accessLogs()) {
      accessLogs.add(services.accessLogs().open(log));
    }
    TcpProxyListener listener =
        new TcpProxyListener(
            tcp,
            services.clusters(),
            services.loops().transport(),
            new TcpProxyStats(context.stats()),
            accessLogs);
    return channel -> {
      // Nothing is read until the upstream connection is up.
      channel.config().setAutoRead(false);
      channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
      tcp.idleTimeout()
          .ifPresent(
              idle ->
                  channel
                      .pipeline()
                      .addLast(
                          "tcp-proxy-idle",
                          new IdleStateHandler(0, 0, idle.toNanos(), TimeUnit.NANOSECONDS)));
      channel.pipeline().addLast("tcp-proxy", new DownstreamHandler(listener));
    };
  }
}

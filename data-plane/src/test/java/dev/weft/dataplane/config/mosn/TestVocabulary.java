package dev.weft.dataplane.config.mosn;

import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.FilterParser;
import dev.weft.dataplane.config.TcpProxyConfig;
import dev.weft.dataplane.extension.Named;
import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.Detection;
import dev.weft.dataplane.protocol.Protocol;
import dev.weft.dataplane.protocol.ProtocolRegistry;
import dev.weft.dataplane.protocol.ServerContext;
import dev.weft.dataplane.protocol.http1.Http1Protocol;
import dev.weft.dataplane.proxy.ProxyFilterFactory;
import dev.weft.dataplane.proxy.ProxyServices;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A vocabulary for parser tests without starting a sidecar: the real proxy filter parser over Http1
 * (and, when asked, a stand-in Http2 that only has a name), a small tcp_proxy and fault parser,
 * Weft's load balancer and cluster type names, and an access-log check that refuses {@code
 * %bogus%}.
 */
final class TestVocabulary {
  private TestVocabulary() {}

  static MosnVocabulary create() {
    return create(false);
  }

  /** With an {@code Http2} protocol registered, as it will be once HTTP/2 lands. */
  static MosnVocabulary withHttp2() {
    return create(true);
  }

  private static MosnVocabulary create(boolean http2) {
    Registry.Builder<Protocol> protocols =
        Registry.<Protocol>caseInsensitiveBuilder("protocol").register(new Http1Protocol());
    if (http2) {
      protocols.register(new NameOnlyProtocol("Http2"));
    }
    Registry<Protocol> protocolRegistry = protocols.build();
    ProxyServices services =
        new ProxyServices(
            new ProtocolRegistry(protocolRegistry, List.of(Http1Protocol.NAME)),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    Registry<FilterParser> networkFilters =
        Registry.<FilterParser>builder("network filter")
            .register(new ProxyFilterFactory(services))
            .register(new TcpProxyParser())
            .build();
    Registry<FilterParser> streamFilters =
        Registry.<FilterParser>builder("stream filter").register(new FaultParser()).build();
    Registry<Named> loadBalancers =
        Registry.<Named>builder("load balancer")
            .register(() -> "LB_ROUNDROBIN")
            .register(() -> "LB_RANDOM")
            .build();
    Registry<Named> clusterTypes =
        Registry.<Named>builder("cluster type")
            .register(() -> "SIMPLE")
            .register(() -> "STATIC")
            .build();
    return new MosnVocabulary(
        protocolRegistry,
        networkFilters,
        streamFilters,
        loadBalancers,
        clusterTypes,
        format -> {
          if (format.contains("%bogus%")) {
            throw new IllegalArgumentException("unknown variable %bogus%");
          }
        });
  }

  /** tcp_proxy's shape, enough to check the cluster references it makes. */
  private static final class TcpProxyParser implements FilterParser {
    @Override
    public String name() {
      return "tcp_proxy";
    }

    @Override
    public Object parse(ConfigNode config) {
      config.checkKeys(Set.of("cluster", "routes"), Set.of());
      List<TcpProxyConfig.Route> routes = new ArrayList<>();
      for (ConfigNode route : config.array("routes")) {
        routes.add(new TcpProxyConfig.Route(route.string("cluster"), List.of(), List.of()));
      }
      return new TcpProxyConfig("tcp", config.string("cluster", ""), Optional.empty(), 1, routes);
    }
  }

  private static final class FaultParser implements FilterParser {
    @Override
    public String name() {
      return "fault";
    }

    @Override
    public Object parse(ConfigNode config) {
      config.checkKeys(Set.of("delay_percent"), Set.of());
      return config.integer("delay_percent", 0, 0, 100);
    }
  }

  private record NameOnlyProtocol(String name) implements Protocol {
    @Override
    public Detection detect(ByteBuf firstBytes) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void installServer(Channel channel, ServerContext context) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ClientConnection installClient(Channel channel, ClientContext context) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean multiplexing() {
      return true;
    }
  }
}

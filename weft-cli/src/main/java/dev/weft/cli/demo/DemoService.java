package dev.weft.cli.demo;

/**
 * The four services the demo runs, one per protocol: which peer jar has its provider and consumer,
 * and the dataId its provider is published under (what the consumer's sidecar routes on, or for
 * gRPC the {@code xds:///} target).
 */
public enum DemoService {
  /** SOFA RPC over Bolt, published and subscribed through the sidecars' SOFA mesh agents. */
  BOLT("bolt", "dev.weft.peers.sofa.EchoService:1.0", "peers-sofa", "sofa"),
  /** Apache Dubbo with direct URLs to the sidecar; the sidecars publish and subscribe for it. */
  DUBBO("dubbo", "dev.weft.peers.dubbo.EchoService", "peers-dubbo", "dubbo"),
  /** Plain HTTP/1.1 with {@code Host: <dataId>} to the sidecar's egress port. */
  HTTP("http", "echo.weft", "peers-web", "http"),
  /** Proxyless gRPC: the consumer dials {@code xds:///<dataId>}, no sidecar on either side. */
  GRPC("grpc", "echo-grpc.weft", "peers-web", "grpc");

  private final String protocol;
  private final String dataId;
  private final String peers;
  private final String rolePrefix;

  DemoService(String protocol, String dataId, String peers, String rolePrefix) {
    this.protocol = protocol;
    this.dataId = dataId;
    this.peers = peers;
    this.rolePrefix = rolePrefix;
  }

  /** The protocol's name, as the registry and the sidecar flags spell it. */
  public String protocol() {
    return protocol;
  }

  public String dataId() {
    return dataId;
  }

  /** The peer module under {@code e2e-tests/} whose jar runs the provider and the consumer. */
  public String peers() {
    return peers;
  }

  public String providerRole() {
    return rolePrefix + "-provider";
  }

  public String consumerRole() {
    return rolePrefix + "-consumer";
  }

  /** Whether sidecars carry it; gRPC is proxyless. */
  public boolean throughSidecars() {
    return this != GRPC;
  }
}

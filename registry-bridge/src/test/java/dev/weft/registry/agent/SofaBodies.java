package dev.weft.registry.agent;

/**
 * Request bodies exactly as unmodified SOFA RPC 5.13.2 sends them to the mesh registry (captured
 * from a real app; docs/mesh-agent.md). SOFA RPC sends each with {@code Content-Type: text/plain}.
 */
final class SofaBodies {
  static final String SERVICE = "weft.accept.EchoService:1.0";

  static final String APPLICATION = "{\"appName\":\"accept-mesh-server\"}";

  static final String PUBLISH =
      "{\"serviceName\":\"weft.accept.EchoService:1.0\",\"protocolType\":\"bolt\","
          + "\"providerMetaInfo\":{\"protocol\":\"bolt\",\"version\":\"4.0\","
          + "\"serializeType\":\"hessian2\",\"appName\":\"accept-mesh-server\",\"properties\":{}},"
          + "\"onlyPublishInCloud\":false,\"group\":null}";

  static final String SUBSCRIBE =
      "{\"serviceName\":\"weft.accept.EchoService:1.0\",\"protocolType\":\"bolt\","
          + "\"targetAppAddress\":null,\"vipEnforce\":false,\"vipOnly\":false,"
          + "\"localCloudFirst\":false,\"group\":null,\"properties\":null}";

  static final String UNSUBSCRIBE =
      "{\"serviceName\":\"weft.accept.EchoService:1.0\",\"targetAppAddress\":null,"
          + "\"protocolType\":\"bolt\",\"group\":null}";

  static final String UNPUBLISH =
      "{\"serviceName\":\"weft.accept.EchoService:1.0\",\"protocolType\":\"bolt\",\"group\":null}";

  private SofaBodies() {}

  /** {@link #PUBLISH} for another service, protocol and serialization. */
  static String publish(String service, String protocol, String serializeType) {
    return PUBLISH
        .replace(SERVICE, service)
        .replace("\"bolt\"", "\"" + protocol + "\"")
        .replace("hessian2", serializeType);
  }

  /** {@link #SUBSCRIBE} for another service. */
  static String subscribe(String service) {
    return SUBSCRIBE.replace(SERVICE, service);
  }

  /** {@link #UNPUBLISH} for another service or protocol. */
  static String unpublish(String service, String protocol) {
    return UNPUBLISH.replace(SERVICE, service).replace("\"bolt\"", "\"" + protocol + "\"");
  }
}

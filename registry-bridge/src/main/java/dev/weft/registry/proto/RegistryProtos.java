package dev.weft.registry.proto;

import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.InvalidRegistrationException;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between the {@code weft.registry.v1} messages and the model's records. Reading a message
 * validates it: a bad one is an {@link InvalidRegistrationException} whose field is the message's
 * own path, e.g. {@code publication.endpoints[2].port}.
 */
public final class RegistryProtos {
  private RegistryProtos() {}

  public static ServiceId service(String path, dev.weft.api.registry.v1.ServiceKey key) {
    try {
      return ServiceId.of(key.getDataId(), key.getGroup(), key.getInstanceId());
    } catch (InvalidRegistrationException e) {
      throw at(path, e);
    }
  }

  public static dev.weft.api.registry.v1.ServiceKey key(ServiceId service) {
    return dev.weft.api.registry.v1.ServiceKey.newBuilder()
        .setDataId(service.dataId())
        .setGroup(service.group())
        .setInstanceId(service.instanceId())
        .build();
  }

  /** A publication, taking {@code defaultZone} when it names none. */
  public static Publication publication(
      String path, dev.weft.api.registry.v1.Publication message, String defaultZone) {
    ServiceId service = service(path + ".key", message.getKey());
    List<Endpoint> endpoints = new ArrayList<>(message.getEndpointsCount());
    for (int i = 0; i < message.getEndpointsCount(); i++) {
      endpoints.add(endpoint(path + ".endpoints[" + i + "]", message.getEndpoints(i)));
    }
    String zone = message.getZone().isEmpty() ? defaultZone : message.getZone();
    try {
      return new Publication(service, message.getRegistId(), zone, endpoints);
    } catch (InvalidRegistrationException e) {
      throw at(path, e);
    }
  }

  public static dev.weft.api.registry.v1.Publication publication(Publication publication) {
    dev.weft.api.registry.v1.Publication.Builder builder =
        dev.weft.api.registry.v1.Publication.newBuilder()
            .setKey(key(publication.service()))
            .setRegistId(publication.registId())
            .setZone(publication.zone());
    publication.endpoints().forEach(e -> builder.addEndpoints(endpoint(e)));
    return builder.build();
  }

  public static Endpoint endpoint(String path, dev.weft.api.registry.v1.Endpoint message) {
    try {
      return new Endpoint(
          message.getAddress(),
          message.getPort() > 65535 ? -1 : message.getPort(),
          protocol(message.getProtocol()),
          message.getWeight() == 0 ? Endpoint.DEFAULT_WEIGHT : clampWeight(message.getWeight()),
          message.getZone(),
          message.getMetadataMap());
    } catch (InvalidRegistrationException e) {
      throw at(path, e);
    }
  }

  public static dev.weft.api.registry.v1.Endpoint endpoint(Endpoint endpoint) {
    return dev.weft.api.registry.v1.Endpoint.newBuilder()
        .setAddress(endpoint.address())
        .setPort(endpoint.port())
        .setProtocol(protocol(endpoint.protocol()))
        .setWeight(endpoint.weight())
        .setZone(endpoint.zone())
        .putAllMetadata(endpoint.metadata())
        .build();
  }

  public static dev.weft.api.registry.v1.ServiceEndpoints snapshot(ServiceSnapshot snapshot) {
    dev.weft.api.registry.v1.ServiceEndpoints.Builder builder =
        dev.weft.api.registry.v1.ServiceEndpoints.newBuilder()
            .setKey(key(snapshot.service()))
            .setVersion(snapshot.version());
    snapshot.endpoints().forEach(e -> builder.addEndpoints(endpoint(e)));
    return builder.build();
  }

  public static ServiceSnapshot snapshot(
      String path, dev.weft.api.registry.v1.ServiceEndpoints message) {
    ServiceId service = service(path + ".key", message.getKey());
    List<Endpoint> endpoints = new ArrayList<>(message.getEndpointsCount());
    for (int i = 0; i < message.getEndpointsCount(); i++) {
      endpoints.add(endpoint(path + ".endpoints[" + i + "]", message.getEndpoints(i)));
    }
    return new ServiceSnapshot(service, message.getVersion(), endpoints);
  }

  static Protocol protocol(dev.weft.api.registry.v1.Protocol protocol) {
    switch (protocol) {
      case PROTOCOL_BOLT:
        return Protocol.BOLT;
      case PROTOCOL_DUBBO:
        return Protocol.DUBBO;
      case PROTOCOL_HTTP:
        return Protocol.HTTP;
      case PROTOCOL_GRPC:
        return Protocol.GRPC;
      default:
        throw new InvalidRegistrationException(
            "protocol", "one of " + Protocol.names(), protocol.name());
    }
  }

  static dev.weft.api.registry.v1.Protocol protocol(Protocol protocol) {
    switch (protocol) {
      case BOLT:
        return dev.weft.api.registry.v1.Protocol.PROTOCOL_BOLT;
      case DUBBO:
        return dev.weft.api.registry.v1.Protocol.PROTOCOL_DUBBO;
      case HTTP:
        return dev.weft.api.registry.v1.Protocol.PROTOCOL_HTTP;
      case GRPC:
        return dev.weft.api.registry.v1.Protocol.PROTOCOL_GRPC;
      default:
        throw new AssertionError(protocol);
    }
  }

  private static int clampWeight(int unsigned) {
    return unsigned < 0 ? Integer.MAX_VALUE : unsigned;
  }

  private static InvalidRegistrationException at(String path, InvalidRegistrationException e) {
    return e.under(path);
  }
}

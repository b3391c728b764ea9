package dev.weft.cli;

import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.ServiceId;
import java.util.stream.Collectors;

/** How the CLI names services and endpoints in its one-line messages. */
final class ServiceLabels {
  private ServiceLabels() {}

  /** {@code dataId}, with its group and instance when they are not the defaults. */
  static String label(ServiceId service) {
    StringBuilder extra = new StringBuilder();
    if (!service.group().equals(ServiceId.DEFAULT_GROUP)) {
      extra.append("group ").append(service.group());
    }
    if (!service.instanceId().equals(ServiceId.DEFAULT_INSTANCE_ID)) {
      extra
          .append(extra.length() == 0 ? "" : ", ")
          .append("instance ")
          .append(service.instanceId());
    }
    return extra.length() == 0 ? service.dataId() : service.dataId() + " (" + extra + ")";
  }

  /** {@code dataId}, with the instance when it is not the default (the group has a column). */
  static String tableLabel(ServiceId service) {
    return service.instanceId().equals(ServiceId.DEFAULT_INSTANCE_ID)
        ? service.dataId()
        : service.dataId() + " (instance " + service.instanceId() + ")";
  }

  /** {@code k=v,k2=v2} in key order, or {@code -}. */
  static String metadata(Endpoint endpoint) {
    return endpoint.metadata().isEmpty()
        ? "-"
        : endpoint.sortedMetadata().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }
}

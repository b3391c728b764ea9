package dev.weft.registry.model;

import java.util.Objects;

/**
 * One service, as SOFARegistry names it: {@code dataId} (in SOFA RPC {@code interface:version}),
 * {@code instanceId} (a tenant or namespace) and {@code group}. Its {@link #dataInfoId()} is the
 * unit of storage, versioning and push.
 */
public record ServiceId(String dataId, String instanceId, String group)
    implements Comparable<ServiceId> {
  public static final String DEFAULT_GROUP = "DEFAULT_GROUP";
  public static final String DEFAULT_INSTANCE_ID = "DEFAULT_INSTANCE_ID";
  static final String SEPARATOR = "#@#";
  static final int MAX_LENGTH = 512;

  public ServiceId {
    Objects.requireNonNull(dataId, "dataId");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(group, "group");
    check("dataId", dataId);
    check("instanceId", instanceId);
    check("group", group);
  }

  /** A service id with SOFARegistry's defaults for a blank group or instance id. */
  public static ServiceId of(String dataId, String group, String instanceId) {
    return new ServiceId(
        dataId,
        instanceId == null || instanceId.isBlank() ? DEFAULT_INSTANCE_ID : instanceId,
        group == null || group.isBlank() ? DEFAULT_GROUP : group);
  }

  /** In the default group and instance. */
  public static ServiceId of(String dataId) {
    return of(dataId, null, null);
  }

  /**
   * The service's name in the mesh: its {@code dataId} in the default instance and group, else its
   * {@link #dataInfoId()}. The control plane names the service's cluster (and its EDS, proxyless
   * LDS and RDS resources) so, and a sidecar's agent waits for that cluster.
   */
  public String meshName() {
    return DEFAULT_INSTANCE_ID.equals(instanceId) && DEFAULT_GROUP.equals(group)
        ? dataId
        : dataInfoId();
  }

  /** {@code dataId#@#instanceId#@#group}. */
  public String dataInfoId() {
    return dataId + SEPARATOR + instanceId + SEPARATOR + group;
  }

  /** Parses a {@link #dataInfoId()}. */
  public static ServiceId parseDataInfoId(String dataInfoId) {
    String[] parts = dataInfoId.split(SEPARATOR, -1);
    if (parts.length != 3) {
      throw new InvalidRegistrationException(
          "dataInfoId", "dataId#@#instanceId#@#group", dataInfoId);
    }
    return new ServiceId(parts[0], parts[1], parts[2]);
  }

  private static void check(String field, String value) {
    if (value.isBlank()) {
      throw new InvalidRegistrationException(field, "a non-blank string", "'" + value + "'");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidRegistrationException(
          field, "at most " + MAX_LENGTH + " characters", value.length() + " characters");
    }
    if (value.contains(SEPARATOR)) {
      throw new InvalidRegistrationException(
          field, "no '" + SEPARATOR + "' (it separates the parts of a dataInfoId)", value);
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidRegistrationException(field, "no control characters", value);
      }
    }
  }

  @Override
  public int compareTo(ServiceId other) {
    int c = dataId.compareTo(other.dataId);
    if (c == 0) {
      c = instanceId.compareTo(other.instanceId);
    }
    return c != 0 ? c : group.compareTo(other.group);
  }

  @Override
  public String toString() {
    return dataInfoId();
  }
}

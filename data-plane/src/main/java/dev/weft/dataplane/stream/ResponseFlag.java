package dev.weft.dataplane.stream;

/** Why a request ended as it did, with Envoy's access-log short codes. */
public enum ResponseFlag {
  NO_HEALTHY_UPSTREAM("UH"),
  UPSTREAM_CONNECTION_FAILURE("UF"),
  UPSTREAM_OVERFLOW("UO"),
  NO_ROUTE_FOUND("NR"),
  NO_CLUSTER_FOUND("NC"),
  UPSTREAM_REQUEST_TIMEOUT("UT"),
  UPSTREAM_REMOTE_RESET("UR"),
  UPSTREAM_CONNECTION_TERMINATION("UC"),
  LOCAL_RESET("LR"),
  DOWNSTREAM_CONNECTION_TERMINATION("DC"),
  UPSTREAM_RETRY_LIMIT_EXCEEDED("URX"),
  FAULT_INJECTED("FI"),
  DELAY_INJECTED("DI");

  private final String code;

  ResponseFlag(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}

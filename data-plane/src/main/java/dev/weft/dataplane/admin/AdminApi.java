package dev.weft.dataplane.admin;

import dev.weft.dataplane.config.HostPort;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The admin paths and what answers each. Protocol-free: {@link AdminHandler} decodes HTTP into an
 * {@link AdminRequest} and encodes the {@link AdminResponse}.
 */
final class AdminApi {
  private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
  private final AdminSource source;

  /**
   * @param adminAddress the address the admin API was asked to bind, shown in {@code config_dump}
   */
  AdminApi(AdminSource source, Optional<HostPort> adminAddress, long pid) {
    this.source = source;
    ConfigDump dump = new ConfigDump(adminAddress);
    LogLevelApi logs = new LogLevelApi(source.logLevels());
    get("/", request -> index());
    get("/api/v1/config_dump", request -> configDump(dump, request));
    get("/api/v1/stats", request -> StatsJson.answer(source.stats(), request.query()));
    get(
        "/api/v1/states",
        request -> AdminResponse.text(200, "pid=" + pid + "&state=" + source.state().code()));
    get("/api/v1/get_loglevel", request -> logs.levels());
    endpoints.put("/api/v1/update_loglevel", new Endpoint("POST", request -> logs.update(request)));
    get("/stats/prometheus", request -> prometheus());
    get("/metrics", request -> prometheus());
    get("/ready", request -> ready());
    get("/healthz", request -> AdminResponse.text(200, "ok"));
  }

  AdminResponse handle(AdminRequest request) {
    Endpoint endpoint = endpoints.get(request.path());
    if (endpoint == null) {
      return AdminResponse.text(404, "no admin path " + request.path() + "; GET / lists them");
    }
    if (!endpoint.method().equals(request.method())) {
      return new AdminResponse(
          405,
          AdminResponse.TEXT,
          request.path() + " takes " + endpoint.method() + ", not " + request.method() + "\n",
          Map.of("Allow", endpoint.method()));
    }
    return endpoint.handler().apply(request);
  }

  private void get(String path, Function<AdminRequest, AdminResponse> handler) {
    endpoints.put(path, new Endpoint("GET", handler));
  }

  private AdminResponse index() {
    StringBuilder body = new StringBuilder();
    endpoints.forEach(
        (path, endpoint) -> body.append(endpoint.method()).append(' ').append(path).append('\n'));
    return AdminResponse.text(200, body.toString());
  }

  private AdminResponse configDump(ConfigDump dump, AdminRequest request) {
    return source
        .config()
        .map(config -> dump.answer(config, source.xds(), request.query()))
        .orElseGet(() -> AdminResponse.text(503, "no config has been applied yet"));
  }

  private AdminResponse prometheus() {
    return new AdminResponse(
        200, AdminResponse.PROMETHEUS, PrometheusText.render(source.stats()), Map.of());
  }

  /**
   * 200 while running, and under xDS only once the first full config has been applied (LDS and CDS
   * accepted, nothing warming); then it stays ready while the control plane is away.
   */
  private AdminResponse ready() {
    ServerState state = source.state();
    if (state != ServerState.RUNNING) {
      return AdminResponse.text(503, "not ready: " + state.name().toLowerCase());
    }
    Optional<XdsStatus> xds = source.xds();
    if (xds.isPresent() && !xds.get().ready()) {
      return AdminResponse.text(503, "not ready: " + XdsJson.waitingFor(xds.get()));
    }
    return AdminResponse.text(200, "ready");
  }

  private record Endpoint(String method, Function<AdminRequest, AdminResponse> handler) {}
}

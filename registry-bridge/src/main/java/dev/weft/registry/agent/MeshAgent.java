package dev.weft.registry.agent;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.ServiceId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's app-facing registry agent, compatible with SOFA RPC's mesh registry: HTTP/1.1 with
 * keep-alive, JSON bodies whatever their {@code Content-Type} (SOFA RPC sends {@code text/plain}).
 * Publications go into the sidecar's registry session, which the caller opened with the sidecar's
 * node id and keeps; they live as long as that session. Answers are sent when ready, so a subscribe
 * that waits for its cluster holds no thread.
 */
public final class MeshAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MeshAgent.class);
  static final int MAX_BODY_BYTES = 1 << 20;
  private static final int THREADS = 4;

  private record Route(String method, Function<JsonObject, CompletableFuture<AgentReply>> call) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final ScheduledExecutorService scheduler;
  private final AppLiveness liveness;
  private final MeshRegistryApi api;
  private final Map<String, Route> routes = new LinkedHashMap<>();

  private MeshAgent(
      HttpServer server,
      ExecutorService executor,
      ScheduledExecutorService scheduler,
      AppLiveness liveness,
      MeshRegistryApi api) {
    this.server = server;
    this.executor = executor;
    this.scheduler = scheduler;
    this.liveness = liveness;
    this.api = api;
    routes.put("/configs/application", new Route("POST", api::application));
    routes.put("/services/publish", new Route("POST", api::publish));
    routes.put("/services/unpublish", new Route("POST", api::unpublish));
    routes.put("/services/subscribe", new Route("POST", api::subscribe));
    routes.put("/services/unsubscribe", new Route("POST", api::unsubscribe));
    routes.put(
        "/services", new Route("GET", body -> CompletableFuture.completedFuture(api.services())));
  }

  /**
   * Binds {@code settings.listen()} (port 0 picks a free one, see {@link #port()}) and serves.
   *
   * @param session the sidecar's registry session, opened with {@code settings.nodeId()}
   * @param warmth tells when the sidecar's cluster for a subscribed service is warm
   * @throws IOException naming the address when it cannot bind
   */
  public static MeshAgent start(
      AgentSettings settings, RegistrySession session, ClusterWarmth warmth) throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(settings.listen(), 64);
    } catch (IOException e) {
      throw new IOException(
          "the mesh agent cannot bind "
              + settings.listen().getHostString()
              + ":"
              + settings.listen().getPort()
              + ": "
              + e.getMessage(),
          e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemons("weft-mesh-agent"));
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(daemons("weft-mesh-agent-probe"));
    AgentPublications publications = new AgentPublications(session, executor);
    AppLiveness liveness =
        new AppLiveness(settings.appProbe(), settings.ports(), publications, scheduler);
    MeshRegistryApi api =
        new MeshRegistryApi(
            settings, publications, new AgentSubscriptions(session), liveness, warmth);
    MeshAgent agent = new MeshAgent(server, executor, scheduler, liveness, api);
    server.setExecutor(executor);
    server.createContext("/", agent::handle);
    server.start();
    liveness.start();
    log.info(
        "mesh registry agent on {}:{} for node {}, publishing {}",
        settings.listen().getHostString(),
        agent.port(),
        settings.nodeId(),
        settings.publishHost());
    return agent;
  }

  /**
   * Publishes the sidecar's own address and ingress port for {@code service} in the registry
   * session, as an app's {@code /services/publish} of that service and protocol does (without
   * provider metadata): for an app that talks to no registry, whose sidecar is told what it
   * provides. Subject to app liveness like any publication; more, with the probe on, it waits for
   * the app: when the app's port for {@code protocol} takes no connection now, the publication is
   * held (logged) and published within about 250 ms of the app's first answer. The future completes
   * when the registry has stored it (possibly after a reconnect), at once when it is held, and
   * fails when the registry refuses it. Blocks at most the probe's connect timeout (1 s) to check
   * the app's port: not for an event loop.
   *
   * @throws IllegalArgumentException when the agent has no ports for {@code protocol}
   */
  public CompletableFuture<Void> publish(ServiceId service, Protocol protocol) {
    return api.publish(service, protocol);
  }

  /**
   * Subscribes to {@code service} in the registry session, as an app's {@code /services/subscribe}
   * does (without waiting for the cluster): the control plane then sends the sidecar its cluster
   * and egress routes. For an app that talks to no registry. The future completes when the registry
   * has taken the subscription (its first list arrived, possibly after a reconnect).
   *
   * @throws IllegalArgumentException when the agent has no ports for {@code protocol}
   */
  public CompletableFuture<Void> subscribe(ServiceId service, Protocol protocol) {
    return api.subscribe(service, protocol);
  }

  /** The port the agent listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) {
    CompletableFuture<AgentReply> reply;
    try {
      reply = dispatch(exchange);
    } catch (BadRequestException e) {
      log.info(
          "refused {} {}: {}",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          e.getMessage());
      reply = CompletableFuture.completedFuture(AgentReply.badRequest(e));
    } catch (IOException | RuntimeException e) {
      log.warn("mesh agent request {} failed", exchange.getRequestURI(), e);
      reply = CompletableFuture.completedFuture(AgentReply.error(500, "internal error: " + e));
    }
    reply.whenCompleteAsync(
        (answer, error) -> {
          if (error != null) {
            log.warn("mesh agent request {} failed", exchange.getRequestURI(), error);
            answer = AgentReply.error(500, "internal error: " + error);
          }
          send(exchange, answer);
        },
        executor);
  }

  private CompletableFuture<AgentReply> dispatch(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Route route = routes.get(path);
    if (route == null) {
      return CompletableFuture.completedFuture(
          AgentReply.error(404, "no such path " + path + "; the agent serves " + describeRoutes()));
    }
    if (!route.method().equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", route.method());
      return CompletableFuture.completedFuture(
          AgentReply.error(
              405,
              exchange.getRequestMethod() + " " + path + " is not allowed; use " + route.method()));
    }
    if (route.method().equals("GET")) {
      return route.call().apply(null);
    }
    byte[] body = readBody(exchange.getRequestBody());
    if (body == null) {
      return CompletableFuture.completedFuture(
          AgentReply.error(413, "body: expected at most " + MAX_BODY_BYTES + " bytes"));
    }
    return route.call().apply(JsonFields.object(new String(body, StandardCharsets.UTF_8)));
  }

  /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  private String describeRoutes() {
    StringBuilder text = new StringBuilder();
    routes.forEach(
        (path, route) ->
            text.append(text.length() == 0 ? "" : ", ")
                .append(route.method())
                .append(' ')
                .append(path));
    return text.toString();
  }

  private static void send(HttpExchange exchange, AgentReply reply) {
    byte[] bytes = reply.body().toString().getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("cannot answer {} (the app went away?)", exchange.getRequestURI(), e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Stops serving and probing. Publications and subscriptions stay in the registry session, which
   * belongs to the caller: closing it removes them.
   */
  public void stop() {
    liveness.close();
    server.stop(0);
    executor.shutdownNow();
    scheduler.shutdownNow();
  }

  @Override
  public void close() {
    stop();
  }
}

package dev.weft.registry.agent;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.InvalidRegistrationException;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls of SOFA RPC's mesh registry (docs/mesh-agent.md): each takes the parsed body and
 * answers, possibly later, with an {@link AgentReply}. Refuses bad input with a {@link
 * BadRequestException}.
 */
final class MeshRegistryApi {
  private static final Logger log = LoggerFactory.getLogger(MeshRegistryApi.class);

  /** What SOFA RPC's provider meta info always says ({@code MeshRegistry.VERSION}). */
  static final String SOFA_VERSION = "4.0";

  static final String DEFAULT_SERIALIZATION = "hessian2";
  private static final Pattern QUERY_SAFE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** A request's service and protocol. */
  private record Target(String serviceName, ServiceId service, Protocol protocol) {
    @Override
    public String toString() {
      return ClusterWarmth.clusterName(service) + " (" + protocol.id() + ")";
    }
  }

  private final AgentSettings settings;
  private final AgentPublications publications;
  private final AgentSubscriptions subscriptions;
  private final AppLiveness liveness;
  private final ClusterWarmth warmth;
  private volatile Map<String, String> application = Map.of();

  MeshRegistryApi(
      AgentSettings settings,
      AgentPublications publications,
      AgentSubscriptions subscriptions,
      AppLiveness liveness,
      ClusterWarmth warmth) {
    this.settings = settings;
    this.publications = publications;
    this.subscriptions = subscriptions;
    this.liveness = liveness;
    this.warmth = warmth;
  }

  /** {@code POST /configs/application}: the app's identity; optional for every other call. */
  CompletableFuture<AgentReply> application(JsonObject body) {
    JsonFields.optionalString(body, "", "appName");
    application = Map.copyOf(JsonFields.strings(body, ""));
    log.info("the app says it is {}", application);
    return CompletableFuture.completedFuture(AgentReply.ok());
  }

  /** {@code POST /services/publish}: the sidecar's ingress address, in the session. */
  CompletableFuture<AgentReply> publish(JsonObject body) {
    Target target = target(body);
    Map<String, String> metadata =
        metadata(JsonFields.optionalObject(body, "", "providerMetaInfo"));
    return confirmed(publish(target, metadata), "publish");
  }

  /**
   * Publishes the sidecar's ingress address for {@code service} as an app's publish does, with no
   * provider metadata but the app's name (the sidecar's static app config); completes when the
   * registry has stored it. Nothing says the app is up, unlike an app's own publish: with the probe
   * on, when the app's port does not take a connection now (checked once, on the caller's thread,
   * within the probe's connect timeout), the publication is held until the app first answers
   * ({@link AgentPublications#hold}) and the future completes at once.
   */
  CompletableFuture<Void> publish(ServiceId service, Protocol protocol) {
    Map<String, String> metadata = new TreeMap<>();
    putIfPresent(metadata, "appName", application.get("appName"));
    Target target = new Target(service.dataId(), service, served(protocol));
    if (liveness.enabled() && !liveness.answers(protocol)) {
      Publication publication = publication(target, metadata);
      if (publications.hold(protocol, publication)) {
        liveness.hurry();
        log.info(
            "holding {} back until the app answers on {}:{}; then publishing it as {}",
            target,
            AppLiveness.APP_HOST,
            settings.ports().get(protocol).app(),
            publication.endpoints().get(0).hostPort());
        return CompletableFuture.completedFuture(null);
      }
    }
    return publish(target, metadata);
  }

  /**
   * Subscribes to {@code service} as an app's subscribe does, without waiting for its cluster (the
   * sidecar's static app config); completes when the registry has taken the subscription.
   */
  CompletableFuture<Void> subscribe(ServiceId service, Protocol protocol) {
    Target target = new Target(service.dataId(), service, served(protocol));
    AgentSubscriptions.Entry entry = subscriptions.acquire(service, target.protocol());
    log.info("subscribing to {}", target);
    return entry.listed().copy();
  }

  private Protocol served(Protocol protocol) {
    if (!settings.ports().containsKey(protocol)) {
      throw new IllegalArgumentException(
          "protocol: expected one of "
              + settings.protocolNames()
              + ", got '"
              + protocol.id()
              + "'");
    }
    return protocol;
  }

  private CompletableFuture<Void> publish(Target target, Map<String, String> metadata) {
    Protocol protocol = target.protocol();
    Publication publication = publication(target, metadata);
    liveness.reset(protocol);
    log.info(
        "publishing {} as {}, for the app on port {}",
        target,
        publication.endpoints().get(0).hostPort(),
        settings.ports().get(protocol).app());
    return publications.publish(protocol, publication);
  }

  /** The sidecar's ingress address for {@code target}. */
  private Publication publication(Target target, Map<String, String> metadata) {
    Protocol protocol = target.protocol();
    Endpoint endpoint =
        new Endpoint(
            settings.publishHost(),
            settings.ports().get(protocol).ingress(),
            protocol,
            Endpoint.DEFAULT_WEIGHT,
            settings.zone(),
            metadata);
    return new Publication(
        target.service(), registId(protocol), settings.zone(), List.of(endpoint));
  }

  /** {@code POST /services/unpublish}: idempotent. */
  CompletableFuture<AgentReply> unpublish(JsonObject body) {
    Target target = target(body);
    log.info("unpublishing {}", target);
    return confirmed(publications.unpublish(target.service(), target.protocol()), "unpublish");
  }

  /** {@code POST /services/subscribe}: answers once the cluster is warm, or after the wait. */
  CompletableFuture<AgentReply> subscribe(JsonObject body) {
    Target target = target(body);
    AgentSubscriptions.Entry entry = subscriptions.acquire(target.service(), target.protocol());
    String cluster = ClusterWarmth.clusterName(target.service());
    Duration wait = settings.subscribeWait();
    long start = System.nanoTime();
    return awaitWarm(cluster, wait)
        .thenApply(
            warm -> {
              entry.answered(warm);
              long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
              if (warm) {
                log.info("subscribed to {}: cluster warm in {} ms", target, tookMs);
              } else {
                log.info(
                    "subscribed to {}: cluster not warm after {} ms; answering success anyway",
                    target,
                    tookMs);
              }
              return subscribed(target, entry.latest());
            });
  }

  /** {@code POST /services/unsubscribe}: takes back one subscribe; idempotent. */
  CompletableFuture<AgentReply> unsubscribe(JsonObject body) {
    Target target = target(body);
    boolean released = subscriptions.release(target.service(), target.protocol());
    log.info("unsubscribing from {}{}", target, released ? "" : ": was not subscribed");
    return CompletableFuture.completedFuture(AgentReply.ok());
  }

  /** {@code GET /services}. */
  AgentReply services() {
    return AgentReply.ok(
        ServicesJson.render(
            settings, application, publications.entries(), subscriptions.views(), liveness));
  }

  private CompletableFuture<Boolean> awaitWarm(String cluster, Duration wait) {
    CompletableFuture<Boolean> warm = new CompletableFuture<>();
    try {
      warmth
          .awaitWarm(cluster, wait)
          .whenComplete((ok, error) -> warm.complete(error == null && Boolean.TRUE.equals(ok)));
    } catch (RuntimeException e) {
      log.warn("cannot ask whether cluster {} is warm", cluster, e);
      warm.complete(false);
    }
    return warm.completeOnTimeout(false, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private AgentReply subscribed(Target target, ServiceSnapshot latest) {
    int egress = settings.ports().get(target.protocol()).egress();
    String serialization = serialization(target.protocol(), latest);
    JsonArray datas = new JsonArray();
    datas.add(
        "127.0.0.1:"
            + egress
            + "?p="
            + target.protocol().id()
            + "&_SERIALIZETYPE="
            + serialization
            + "&v="
            + SOFA_VERSION);
    JsonObject body = new JsonObject();
    body.addProperty("serviceName", target.serviceName());
    body.addProperty("errorMessage", "");
    body.add("datas", datas);
    return AgentReply.ok(body);
  }

  /** The providers' serialization, when the registry has told; else SOFA's default. */
  private static String serialization(Protocol protocol, ServiceSnapshot latest) {
    if (latest != null) {
      for (Endpoint endpoint : latest.endpoints()) {
        String type = endpoint.metadata().get("serializeType");
        if (endpoint.protocol() == protocol && type != null && QUERY_SAFE.matcher(type).matches()) {
          return type;
        }
      }
    }
    return DEFAULT_SERIALIZATION;
  }

  private CompletableFuture<AgentReply> confirmed(CompletableFuture<Void> done, String what) {
    return done.thenApply(ok -> AgentReply.ok())
        .exceptionally(
            error -> {
              Throwable cause = AgentPublications.unwrap(error);
              if (cause instanceof CancellationException) {
                return AgentReply.ok(); // superseded by a later call
              }
              log.warn("the registry refused the {}: {}", what, cause.getMessage());
              return AgentReply.error(
                  502, "the registry refused the " + what + ": " + cause.getMessage());
            })
        // Not confirmed yet: the session is reconnecting and will send it when it is back.
        .completeOnTimeout(
            AgentReply.ok(), settings.publishWait().toMillis(), TimeUnit.MILLISECONDS);
  }

  private Map<String, String> metadata(JsonObject meta) {
    String path = "providerMetaInfo";
    Map<String, String> metadata =
        new TreeMap<>(
            JsonFields.strings(
                JsonFields.optionalObject(meta, path, "properties"), path + ".properties"));
    putIfPresent(metadata, "serializeType", JsonFields.optionalString(meta, path, "serializeType"));
    putIfPresent(metadata, "version", JsonFields.optionalString(meta, path, "version"));
    String appName = JsonFields.optionalString(meta, path, "appName");
    putIfPresent(metadata, "appName", appName != null ? appName : application.get("appName"));
    return metadata;
  }

  private static void putIfPresent(Map<String, String> metadata, String key, String value) {
    if (value != null && !value.isEmpty()) {
      metadata.put(key, value);
    }
  }

  private String registId(Protocol protocol) {
    return settings.nodeId() + "/" + protocol.id();
  }

  private Target target(JsonObject body) {
    String serviceName = JsonFields.requiredString(body, "", "serviceName");
    String group = JsonFields.optionalString(body, "", "group");
    String protocolType = JsonFields.optionalString(body, "", "protocolType");
    Protocol protocol = null;
    for (Protocol known : settings.ports().keySet()) {
      if (known.id().equalsIgnoreCase(protocolType)) {
        protocol = known;
      }
    }
    if (protocol == null) {
      throw new BadRequestException(
          "protocolType",
          "one of " + settings.protocolNames(),
          protocolType == null
              ? JsonFields.describe(body.get("protocolType"))
              : "'" + protocolType + "'");
    }
    try {
      return new Target(serviceName, ServiceId.of(serviceName, group, null), protocol);
    } catch (InvalidRegistrationException e) {
      String field = e.field().equals("dataId") ? "serviceName" : e.field();
      return throwBad(field, field + e.getMessage().substring(e.field().length()));
    }
  }

  private static Target throwBad(String field, String message) {
    throw BadRequestException.of(field, message);
  }
}

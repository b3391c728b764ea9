package dev.weft.dataplane.xds;

import com.google.protobuf.Message;
import dev.weft.dataplane.admin.XdsStatus;
import dev.weft.dataplane.config.SidecarConfig;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ADS client's protocol state, without a stream: each response in is checked, held, translated
 * and applied, or rejected with nothing changed; the requests to send back come out (the ACK or
 * NACK, then any change of the RDS/EDS names). Not thread-safe: one thread drives it, in the order
 * the responses arrived.
 */
final class AdsState {
  private static final Logger LOG = LoggerFactory.getLogger(AdsClient.class);

  private final XdsTranslation translation;
  private final Warming warming;
  private final Consumer<SidecarConfig> apply;
  private final Clock clock;
  private final Map<XdsType, TypeState> types = new EnumMap<>(XdsType.class);
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private XdsResources held = XdsResources.EMPTY;
  private SidecarConfig applied;
  private Set<String> warmingListeners = Set.of();
  private Set<String> warmingClusters = Set.of();

  AdsState(
      XdsTranslation translation, SidecarConfig base, Consumer<SidecarConfig> apply, Clock clock) {
    this.translation = translation;
    this.warming = new Warming(translation, base);
    this.apply = apply;
    this.clock = clock;
    for (XdsType type : XdsType.values()) {
      types.put(type, new TypeState(type));
    }
  }

  /**
   * The requests that open a stream: CDS and LDS by wildcard, RDS and EDS for the names already
   * known, each with the last accepted version, so that a control plane with content-hash versions
   * has nothing to send.
   */
  List<DiscoveryRequest> streamStarted() {
    List<DiscoveryRequest> requests = new ArrayList<>();
    for (XdsType type : XdsType.REQUEST_ORDER) {
      TypeState state = types.get(type);
      state.streamStarted();
      if (state.wantedOnNewStream()) {
        requests.add(state.request());
      }
    }
    return requests;
  }

  /** Handles one response; returns the requests to send, in order. */
  List<DiscoveryRequest> onResponse(DiscoveryResponse response) {
    XdsType type = XdsType.ofUrl(response.getTypeUrl()).orElse(null);
    if (type == null) {
      LOG.warn(
          "xDS: a response of type {}, which was not asked for; rejected", response.getTypeUrl());
      return List.of(unaskedType(response));
    }
    TypeState state = types.get(type);
    state.nonce = response.getNonce();
    ResponseCheck check = ResponseCheck.of(type, state.subscribed, response, translation);
    if (!check.problems().isEmpty()) {
      return List.of(nack(state, response, check.problems()));
    }
    Map<String, Message> next = new LinkedHashMap<>();
    if (!type.wildcard()) {
      next.putAll(type.in(held));
    }
    next.putAll(check.resources());
    Warming.Plan plan;
    try {
      plan = warming.plan(type.with(held, next));
    } catch (RuntimeException e) {
      LOG.error("xDS: translating {} version {} failed", type, response.getVersionInfo(), e);
      return List.of(nack(state, response, List.of(problem(type, "cannot be translated: " + e))));
    }
    if (!plan.problems().isEmpty()) {
      return List.of(nack(state, response, plan.problems()));
    }
    if (!plan.config().equals(applied)) {
      try {
        apply.accept(plan.config());
      } catch (RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return List.of(
            nack(state, response, List.of(problem(type, "cannot be applied: " + message))));
      }
      applied = plan.config();
    }
    warming.commit(plan);
    held = plan.held();
    warmingListeners = plan.warmingListeners();
    warmingClusters = plan.warmingClusters();
    List<DiscoveryRequest> requests = new ArrayList<>();
    requests.add(state.ack(response.getVersionInfo()));
    LOG.info(
        "xDS: applied {} version {} ({} held{})",
        type,
        response.getVersionInfo(),
        type.in(held).size(),
        warming());
    requests.addAll(resubscribe());
    checkReady();
    return requests;
  }

  /** Requests for EDS and RDS when the accepted clusters and listeners name other resources. */
  private List<DiscoveryRequest> resubscribe() {
    List<DiscoveryRequest> requests = new ArrayList<>();
    for (XdsType type : List.of(XdsType.EDS, XdsType.RDS)) {
      Set<String> wanted =
          type == XdsType.EDS ? warming.endpointNames(held) : warming.routeNames(held);
      TypeState state = types.get(type);
      if (!wanted.equals(state.subscribed)) {
        state.subscribed = wanted;
        if (!wanted.isEmpty() || state.requested) {
          LOG.debug("xDS: {} names now {}", type, wanted);
          requests.add(state.request());
        }
      }
    }
    return requests;
  }

  private DiscoveryRequest nack(
      TypeState state, DiscoveryResponse response, List<XdsProblem> problems) {
    String message = problems.stream().map(XdsProblem::message).collect(Collectors.joining("\n"));
    String rejected = response.getVersionInfo();
    boolean repeated =
        state.lastNack.filter(last -> last.version().equals(rejected)).isPresent()
            && state.lastNack.get().message().equals(message);
    if (!repeated) {
      LOG.warn(
          "xDS: rejected {} version {} (keeping version {}): {}",
          state.type,
          rejected,
          state.version.isEmpty() ? "none" : state.version,
          message);
    }
    return state.nack(rejected, message, clock.instant());
  }

  private static DiscoveryRequest unaskedType(DiscoveryResponse response) {
    return DiscoveryRequest.newBuilder()
        .setTypeUrl(response.getTypeUrl())
        .setResponseNonce(response.getNonce())
        .setErrorDetail(
            com.google.rpc.Status.newBuilder()
                .setCode(io.grpc.Status.Code.INVALID_ARGUMENT.value())
                .setMessage("Weft's sidecar does not ask for " + response.getTypeUrl()))
        .build();
  }

  private static XdsProblem problem(XdsType type, String message) {
    return new XdsProblem(type.typeUrl(), "", type + " response " + message);
  }

  private String warming() {
    if (warmingListeners.isEmpty() && warmingClusters.isEmpty()) {
      return "";
    }
    return "; warming: listeners " + warmingListeners + ", clusters " + warmingClusters;
  }

  private void checkReady() {
    if (!ready.isDone()
        && types.get(XdsType.LDS).accepted
        && types.get(XdsType.CDS).accepted
        && warmingListeners.isEmpty()
        && warmingClusters.isEmpty()) {
      LOG.info(
          "xDS: first full config applied ({} listeners, {} clusters); ready",
          held.listeners().size(),
          held.clusters().size());
      ready.complete(null);
    }
  }

  CompletableFuture<Void> ready() {
    return ready;
  }

  boolean isReady() {
    return ready.isDone();
  }

  XdsResources held() {
    return held;
  }

  Set<String> warmingListeners() {
    return warmingListeners;
  }

  Set<String> warmingClusters() {
    return warmingClusters;
  }

  /** LDS, RDS, CDS, EDS. */
  List<XdsStatus.TypeStatus> typeStatuses() {
    List<XdsStatus.TypeStatus> statuses = new ArrayList<>();
    for (XdsType type : XdsType.values()) {
      statuses.add(types.get(type).status(type.in(held).keySet()));
    }
    return statuses;
  }
}

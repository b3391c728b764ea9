package dev.weft.dataplane.xds;

import static dev.weft.dataplane.xds.Resources.edsCluster;
import static dev.weft.dataplane.xds.Resources.endpoints;
import static dev.weft.dataplane.xds.Resources.httpListener;
import static dev.weft.dataplane.xds.Resources.routes;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.weft.dataplane.admin.XdsStatus;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.SidecarConfig;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A protocol state on the fake translation, its applied configs recorded, and responses. */
abstract class AdsStateFixture {
  private static final SidecarConfig BASE =
      new SidecarConfig(List.of(), List.of(), List.of(), Optional.empty());

  final List<SidecarConfig> applied = new ArrayList<>();
  Consumer<SidecarConfig> apply = applied::add;
  List<XdsProblem> translateProblems = List.of();
  private int nonces;

  /** The fake translation, with {@link #translateProblems} added to each result. */
  private final XdsTranslation translation =
      new XdsTranslation() {
        private final FakeTranslation fake = new FakeTranslation();

        @Override
        public List<XdsProblem> check(String typeUrl, Message resource) {
          return fake.check(typeUrl, resource);
        }

        @Override
        public Result translate(SidecarConfig base, XdsResources resources) {
          Result result = fake.translate(base, resources);
          return new Result(
              result.config(),
              result.warmingListeners(),
              result.warmingClusters(),
              translateProblems);
        }
      };

  AdsState state() {
    return new AdsState(translation, BASE, config -> apply.accept(config), Clock.systemUTC());
  }

  DiscoveryResponse response(XdsType type, String version, Message... resources) {
    return DiscoveryResponse.newBuilder()
        .setTypeUrl(type.typeUrl())
        .setVersionInfo(version)
        .setNonce(String.valueOf(++nonces))
        .addAllResources(Arrays.stream(resources).map(Any::pack).toList())
        .build();
  }

  /** A full config: listener l → route r → cluster c (service svc) → one endpoint. */
  AdsState configured() {
    AdsState state = state();
    state.streamStarted();
    state.onResponse(response(XdsType.CDS, "c1", edsCluster("c", "svc")));
    state.onResponse(response(XdsType.EDS, "e1", endpoints("svc", 8001)));
    state.onResponse(response(XdsType.LDS, "l1", httpListener("l", 9001, "r")));
    state.onResponse(response(XdsType.RDS, "r1", routes("r", "/", "c")));
    return state;
  }

  static XdsStatus.TypeStatus lds(AdsState state) {
    return state.typeStatuses().get(0);
  }

  static String routerOf(SidecarConfig config) {
    return ((ProxyConfig) config.listeners().get(0).networkFilters().get(0).config())
        .routerConfigName();
  }
}

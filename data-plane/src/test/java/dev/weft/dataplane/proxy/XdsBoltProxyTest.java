package dev.weft.dataplane.proxy;

import static dev.weft.dataplane.xds.translate.ControlPlaneResources.assignment;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.boltProxy;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.edsCluster;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressBoltRouter;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.endpoint;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.filter;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.listener;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.locality;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.resources;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.protocol.bolt.BoltWire;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import dev.weft.dataplane.xds.XdsTranslation;
import dev.weft.dataplane.xds.translate.EnvoyTranslation;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control plane's egress Bolt listener (weft.rpc_proxy with RDS {@code egress_bolt_router})
 * translated and run: a SOFA RPC call goes to the EDS hosts of the cluster its {@code service}
 * header names.
 */
class XdsBoltProxyTest {
  private static final String OTHER = "weft.OtherService:1.0";

  private BoltProvider a;
  private BoltProvider b;
  private Sidecar sidecar;

  @BeforeEach
  void start() throws IOException {
    a = new BoltProvider("A");
    b = new BoltProvider("B");
    sidecar = Sidecar.create(SidecarOptions.defaults());
  }

  @AfterEach
  void stop() throws IOException {
    sidecar.close();
    a.close();
    b.close();
  }

  @Test
  void aBoltCallFollowsItsServiceHeaderToTheEdsHostsOfItsCluster() throws Exception {
    XdsTranslation.Result result =
        new EnvoyTranslation(sidecar.mosnVocabulary())
            .translate(
                new SidecarConfig(List.of(), List.of(), List.of(), Optional.empty()),
                resources(
                    listener(
                        "egress_bolt",
                        "127.0.0.1",
                        0,
                        TrafficDirection.OUTBOUND,
                        filter("weft.rpc_proxy", boltProxy("egress_bolt", "egress_bolt_router"))),
                    egressBoltRouter(BoltProxyTest.SERVICE, OTHER),
                    edsCluster(BoltProxyTest.SERVICE),
                    edsCluster(OTHER),
                    assignment(
                        BoltProxyTest.SERVICE,
                        locality("", endpoint("127.0.0.1", a.port(), 1, "bolt"))),
                    assignment(OTHER, locality("", endpoint("127.0.0.1", b.port(), 1, "bolt")))));
    assertThat(result.problems()).isEmpty();
    sidecar.start(result.config());

    try (BoltClient client = new BoltClient(sidecar.listenerAddress("egress_bolt"))) {
      BoltWire.Frame echo = client.call(BoltProxyTest.echo(1, "to A").bytes());
      BoltWire.Frame other =
          client.call(
              BoltWire.request(2)
                  .timeout(10_000)
                  .className("java.lang.String")
                  .service(OTHER, "echo")
                  .content("to B")
                  .bytes());

      assertThat(echo.text()).isEqualTo("to A");
      assertThat(other.text()).isEqualTo("to B");
    }
    assertThat(a.requests()).extracting(BoltWire.Frame::text).containsExactly("to A");
    assertThat(b.requests()).extracting(BoltWire.Frame::text).containsExactly("to B");
  }
}

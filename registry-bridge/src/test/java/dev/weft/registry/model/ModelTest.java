package dev.weft.registry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {
  @Test
  void serviceIdsTakeSofaRegistrysDefaultsAndRoundTripTheirDataInfoId() {
    ServiceId echo = ServiceId.of("dev.weft.Echo:1.0", "", null);
    assertThat(echo.dataInfoId())
        .isEqualTo("dev.weft.Echo:1.0#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP");
    assertThat(ServiceId.parseDataInfoId(echo.dataInfoId())).isEqualTo(echo);
    assertThat(ServiceId.of("a", "SOFA", "t").dataInfoId()).isEqualTo("a#@#t#@#SOFA");
  }

  @Test
  void badNamesSayWhichFieldAndWhatWasExpected() {
    assertThatThrownBy(() -> ServiceId.of(" "))
        .hasMessage("dataId: expected a non-blank string, got ' '");
    assertThatThrownBy(() -> ServiceId.of("a#@#b"))
        .hasMessage(
            "dataId: expected no '#@#' (it separates the parts of a dataInfoId), got a#@#b");
    assertThatThrownBy(() -> ServiceId.of("a\nb")).hasMessageContaining("no control characters");
    assertThatThrownBy(() -> ServiceId.parseDataInfoId("a#@#b"))
        .hasMessage("dataInfoId: expected dataId#@#instanceId#@#group, got a#@#b");
    assertThatThrownBy(() -> Protocol.parse("protocol", "thrift"))
        .hasMessage("protocol: expected one of bolt, dubbo, http, grpc, got 'thrift'");
    assertThat(Protocol.parse("protocol", "DUBBO")).isEqualTo(Protocol.DUBBO);
  }

  @Test
  void endpointsAreValidatedAndTakeTheirPublishersZone() {
    assertThatThrownBy(() -> endpoint("10.0.0.1", 0, 100))
        .hasMessage("port: expected a port from 1 to 65535, got 0");
    assertThatThrownBy(() -> endpoint("10.0.0.1", 80, 0))
        .hasMessage("weight: expected a weight from 1 to 1000000, got 0");
    assertThatThrownBy(() -> endpoint("10.0.0.1/24", 80, 1))
        .hasMessage("address: expected an IP address or host name, got '10.0.0.1/24'");
    assertThat(endpoint("::1", 80, 1).hostPort()).isEqualTo("[::1]:80");
    Publication publication =
        new Publication(
            ServiceId.of("a"),
            "r",
            "zone-b",
            List.of(endpoint("10.0.0.1", 80, 1), endpoint("10.0.0.2", 80, 1).withDefaultZone("z")));
    assertThat(publication.endpoints()).extracting(Endpoint::zone).containsExactly("zone-b", "z");
    assertThat(InvalidRegistrationExceptionHolder.nested().getMessage())
        .isEqualTo("publication.endpoints[0].port: expected a port from 1 to 65535, got 0");
  }

  private static Endpoint endpoint(String address, int port, int weight) {
    return new Endpoint(address, port, Protocol.BOLT, weight, "", Map.of());
  }

  private static final class InvalidRegistrationExceptionHolder {
    static InvalidRegistrationException nested() {
      try {
        endpoint("10.0.0.1", 0, 1);
        throw new AssertionError("no error");
      } catch (InvalidRegistrationException e) {
        return e.under("endpoints[0]").under("publication");
      }
    }
  }
}

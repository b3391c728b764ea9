package dev.weft.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.dataplane.TestHeads;
import dev.weft.dataplane.protocol.ConnectionInfo;
import dev.weft.dataplane.stream.RequestInfo;
import dev.weft.dataplane.stream.ResponseFlag;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {
  private static final long START = 1_000_000_000L;

  private static RequestInfo info() {
    RequestInfo info =
        new RequestInfo(
            "Http1",
            new ConnectionInfo(
                new InetSocketAddress("127.0.0.1", 2045), new InetSocketAddress("10.1.2.3", 50000)),
            START,
            0L);
    info.requestComplete(START + 1_500);
    info.firstResponseByte(START + 2_500_000);
    info.end(START + 1_500_000_000L);
    info.addBytesReceived(12);
    info.addBytesSent(345);
    info.setResponseCode(503);
    info.addFlag(ResponseFlag.UPSTREAM_CONNECTION_FAILURE);
    info.addFlag(ResponseFlag.NO_HEALTHY_UPSTREAM);
    info.setUpstreamCluster("backend");
    info.setUpstreamHost("127.0.0.1:8080");
    info.setUpstreamLocalAddress(new InetSocketAddress("127.0.0.1", 40000));
    return info;
  }

  @Test
  void theDefaultFormatIsMosnsWithEveryFieldFilledIn() {
    assertThat(AccessLogFormat.DEFAULT.variables())
        .containsExactly(
            "start_time",
            "request_received_duration",
            "response_received_duration",
            "bytes_sent",
            "bytes_received",
            "protocol",
            "response_code",
            "duration",
            "response_flag",
            "response_code",
            "upstream_local_address",
            "downstream_local_address",
            "downstream_remote_address",
            "upstream_host");

    String line = AccessLogFormat.DEFAULT.format(info(), null, null);

    // start_time is local time; everything after it is fixed.
    assertThat(line).matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} .*");
    assertThat(line.substring(24))
        .isEqualTo(
            "1.5µs 2.5ms 345 12 Http1 503 1.5s UH,UF 503 127.0.0.1:40000 127.0.0.1:2045"
                + " 10.1.2.3:50000 127.0.0.1:8080");
  }

  @Test
  void unknownValuesAreADash() {
    RequestInfo info = new RequestInfo("Http1", null, START, 0L);
    AccessLogFormat format =
        AccessLogFormat.parse(
            "%request_received_duration% %response_flag% %upstream_host% %upstream_cluster%"
                + " %upstream_local_address% %downstream_remote_address%"
                + " %request_header_x-id% %response_header_server%");

    assertThat(format.format(info, null, null)).isEqualTo("- - - - - - - -");
  }

  @Test
  void headerVariablesReadTheRequestAndResponseHeadsIgnoringCase() {
    AccessLogFormat format =
        AccessLogFormat.parse(
            "id=%request_header_X-Request-Id% ua=%request_header_user-agent%"
                + " server=%response_header_Server% missing=%response_header_x-nope% 100%%");

    String line =
        format.format(
            info(),
            TestHeads.request("GET", "/", Map.of("x-request-id", "abc", "user-agent", "curl/8")),
            TestHeads.response(200, Map.of("server", "weft")));

    assertThat(line).isEqualTo("id=abc ua=curl/8 server=weft missing=- 100%");
  }

  @Test
  void anUnknownVariableIsRejectedByNameWithTheKnownOnesListed() {
    assertThatThrownBy(() -> AccessLogFormat.parse("%start_time% %reponse_code%"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown access log variable %reponse_code%")
        .hasMessageContaining("known variables: start_time, request_received_duration")
        .hasMessageContaining("response_code")
        .hasMessageContaining("request_header_<name>, response_header_<name>");
    // A bare prefix names no header.
    assertThatThrownBy(() -> AccessLogFormat.parse("%request_header_%"))
        .hasMessageContaining("unknown access log variable %request_header_%");
  }

  @Test
  void anUnclosedPercentSignIsRejectedWithItsPosition() {
    assertThatThrownBy(() -> AccessLogFormat.parse("%protocol% 50% done"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'%' at position 13")
        .hasMessageContaining("write %% for a literal %");
  }

  @Test
  void durationsArePrintedAsGoPrintsThem() {
    assertThat(GoDurationText.format(0)).isEqualTo("0s");
    assertThat(GoDurationText.format(850)).isEqualTo("850ns");
    assertThat(GoDurationText.format(1_000)).isEqualTo("1µs");
    assertThat(GoDurationText.format(12_003_000)).isEqualTo("12.003ms");
    assertThat(GoDurationText.format(2_500_000_000L)).isEqualTo("2.5s");
    assertThat(GoDurationText.format(90_000_000_000L)).isEqualTo("1m30s");
    assertThat(GoDurationText.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
    assertThat(GoDurationText.format(3_723_000_000_001L)).isEqualTo("1h2m3.000000001s");
    assertThat(GoDurationText.format(-1_500_000)).isEqualTo("-1.5ms");
  }
}

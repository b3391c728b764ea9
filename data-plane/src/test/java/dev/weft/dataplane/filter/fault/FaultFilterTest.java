package dev.weft.dataplane.filter.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import dev.weft.dataplane.TestHeads;
import dev.weft.dataplane.config.ConfigException;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.stream.FilterCallbacks;
import dev.weft.dataplane.stream.FilterStatus;
import dev.weft.dataplane.stream.RequestInfo;
import dev.weft.dataplane.stream.StreamFilter;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault filter's config and its timer, without a proxy around it. */
class FaultFilterTest {
  private final FaultFilterFactory factory = new FaultFilterFactory();
  private final DefaultEventLoop loop = new DefaultEventLoop();

  @AfterEach
  void stopLoop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private FaultConfig parse(String json) {
    return (FaultConfig) factory.parse(ConfigNode.root("fault.json", JsonParser.parseString(json)));
  }

  private static String error(Runnable parse) {
    try {
      parse.run();
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a config error");
  }

  @Test
  void parsesMosnsKeys() {
    FaultConfig config =
        parse(
            "{\"delay\": {\"fixed_delay\": \"1.5s\", \"percentage\": 30},"
                + " \"abort\": {\"status\": 503, \"percentage\": 100},"
                + " \"headers\": [{\"name\": \"user\", \"value\": \"bob\"}]}");

    assertThat(config.delay()).contains(new FaultConfig.Delay(Duration.ofMillis(1500), 30));
    assertThat(config.abort()).contains(new FaultConfig.Abort(503, 100));
    assertThat(config.headers()).hasSize(1);
    assertThat(config.matches(TestHeads.request("GET", "/", Map.of("User", "bob")).headers()))
        .isTrue();
    assertThat(config.matches(TestHeads.request("GET", "/", Map.of("User", "bobby")).headers()))
        .isFalse();
  }

  @Test
  void mistakesNameTheirPath() {
    assertThat(error(() -> parse("{\"delay\": {\"fixed_delay\": \"1s\", \"percent\": 5}}")))
        .isEqualTo(
            "fault.json: delay.percent: unknown key; expected one of fixed_delay, percentage");
    assertThat(error(() -> parse("{\"delay\": {\"fixed_delay\": \"1s\"}}")))
        .isEqualTo("fault.json: delay.percentage: is required");
    assertThat(error(() -> parse("{\"abort\": {\"status\": 503, \"percentage\": 101}}")))
        .isEqualTo("fault.json: abort.percentage: expected a number from 0 to 100, got 101");
    assertThat(error(() -> parse("{\"abort\": {\"status\": 42, \"percentage\": 1}}")))
        .isEqualTo("fault.json: abort.status: expected a number from 100 to 599, got 42");
    assertThat(error(() -> parse("{\"delay\": {\"fixed_delay\": \"soon\", \"percentage\": 1}}")))
        .startsWith("fault.json: delay.fixed_delay: expected a duration");
    assertThat(error(() -> parse("{\"headers\": []}")))
        .isEqualTo("fault.json: expected \"delay\", \"abort\" or both");
    assertThat(
            error(
                () ->
                    parse(
                        "{\"abort\": {\"status\": 503, \"percentage\": 1},"
                            + " \"headers\": [{\"name\": \"a\", \"value\": \"(\", \"regex\": true}]}")))
        .startsWith("fault.json: headers[0].value: is not a valid regular expression");
    assertThat(error(() -> parse("{\"abort\": {\"status\": 503, \"percentage\": 1}, \"x\": 1}")))
        .isEqualTo("fault.json: x: unknown key; expected one of abort, delay, headers");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"abort\": {\"status\": 503, \"percentage\": 1},"
                        + " \"upstream_cluster\": \"c1\"}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fault.json: upstream_cluster: is not supported")
        .hasMessageContaining("before routing");
  }

  /** Callbacks that record what the filter asked for. */
  private final class Recorder implements FilterCallbacks {
    final RequestInfo info = new RequestInfo("Http1", null, System.nanoTime(), 0);
    final AtomicInteger resumed = new AtomicInteger();
    final List<LocalReply> replies = new ArrayList<>();

    @Override
    public EventLoop eventLoop() {
      return loop;
    }

    @Override
    public RequestInfo info() {
      return info;
    }

    @Override
    public void sendLocalReply(LocalReply reply) {
      replies.add(reply);
    }

    @Override
    public void resume() {
      resumed.incrementAndGet();
    }
  }

  @Test
  void destroyingADelayedStreamCancelsItsTimer() throws Exception {
    StreamFilter filter =
        factory.create(parse("{\"delay\": {\"fixed_delay\": \"20ms\", \"percentage\": 100}}"));
    Recorder callbacks = new Recorder();

    FilterStatus status =
        loop.submit(
                () -> {
                  FilterStatus s =
                      filter.onRequestHeaders(TestHeads.request("GET", "/", Map.of()), callbacks);
                  filter.onDestroy();
                  return s;
                })
            .get();
    // A task scheduled later than the delay runs after the delay's task would have.
    loop.schedule(() -> {}, 200, TimeUnit.MILLISECONDS).get();

    assertThat(status).isEqualTo(FilterStatus.STOP);
    assertThat(callbacks.resumed).hasValue(0);
    assertThat(callbacks.replies).isEmpty();
    assertThat(factory.delaysInjected()).isEqualTo(1);
  }

  @Test
  void aDelayResumesTheChainOnTheStreamsLoop() throws Exception {
    StreamFilter filter =
        factory.create(parse("{\"delay\": {\"fixed_delay\": \"20ms\", \"percentage\": 100}}"));
    Recorder callbacks = new Recorder();

    loop.submit(() -> filter.onRequestHeaders(TestHeads.request("GET", "/", Map.of()), callbacks))
        .get();
    loop.schedule(() -> {}, 200, TimeUnit.MILLISECONDS).get();

    assertThat(callbacks.resumed).hasValue(1);
    assertThat(callbacks.info.flagCodes()).isEqualTo("DI");
  }
}

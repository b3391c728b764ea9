package dev.weft.peers.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CallLoopTest {
  private static Args args(String... pairs) {
    return Args.parse(pairs, 0);
  }

  @Test
  void aCorrectReplyNamesItsProviderAndCarriesTheToken() {
    assertThat(CallLoop.providerOf("c-loop-7", "provider-1 echo:c-loop-7")).isEqualTo("provider-1");
    assertThat(CallLoop.providerOf("c-loop-7", "provider-1 echo:c-loop-8")).isNull();
    assertThat(CallLoop.providerOf("c-loop-7", "echo:c-loop-7")).isNull();
    assertThat(CallLoop.providerOf("c-loop-7", " echo:c-loop-7")).isNull();
    assertThat(CallLoop.providerOf("c-loop-7", null)).isNull();
  }

  @Test
  void theCountersAreOneJsonObject() {
    CallLoop loop = CallLoop.idle("c");
    loop.record("c-1", "provider-2 echo:c-1", null);
    loop.record("c-2", "provider-1 echo:c-2", null);
    loop.record("c-3", "provider-1 echo:c-3", null);
    loop.record("c-4", "provider-1 echo:wrong", null);
    loop.record("c-5", null, new IllegalStateException("no \"route\"\nhere"));

    assertThat(loop.stats())
        .isEqualTo(
            "{\"calls\":0,\"ok\":3,\"errors\":1,\"mismatches\":1,\"skipped\":0,\"inFlight\":0,"
                + "\"answers\":{\"provider-1\":2,\"provider-2\":1},"
                + "\"lastError\":\"error: java.lang.IllegalStateException: no \\\"route\\\" here\"}");
  }

  @Test
  void aLoopStartedOnItsControlPortCallsAtItsRateWithTokensOfItsOwn() {
    Set<String> tokens = ConcurrentHashMap.newKeySet();
    CallLoop loop =
        CallLoop.of(
            args("--control-port", "1"),
            "consumer",
            token -> {
              tokens.add(token);
              return "provider-1 echo:" + token;
            },
            error -> "error");
    Map<String, Function<Args, String>> handlers = loop.handlers(Map.of());
    assertThat(handlers).containsKeys(CallLoop.STATS_PATH, CallLoop.START_PATH);
    assertThat(loop.stats()).startsWith("{\"calls\":0,\"ok\":0,");

    long start = System.nanoTime();
    assertThat(handlers.get(CallLoop.START_PATH).apply(args("--rate", "50")))
        .isEqualTo("started at 50 calls/s");
    await().atMost(Duration.ofSeconds(30)).until(() -> tokens.size() >= 25);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    loop.close();

    assertThat(tokens).allMatch(token -> token.startsWith("consumer-loop-"));
    // 25 calls at 50 a second take at least about half a second.
    assertThat(elapsedMs).isGreaterThanOrEqualTo(450);
    assertThat(handlers.get(CallLoop.STATS_PATH).apply(args()))
        .contains("\"errors\":0,\"mismatches\":0")
        .contains("\"answers\":{\"provider-1\":");
    assertThatThrownBy(() -> loop.start(10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the loop already runs, at 50 calls/s");
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> CallLoop.of(args("--loop-rate", "5"), "c", t -> t, e -> "e"))
        .hasMessage("--loop-rate needs --control-port: the loop's counters are served there");
    CallLoop loop = CallLoop.of(args("--control-port", "1"), "c", t -> t, e -> "e");
    assertThatThrownBy(() -> loop.start(0))
        .hasMessage("rate: expected calls per second from 1 to 10000, got 0");
    assertThatThrownBy(
            () ->
                CallLoop.of(
                    args("--control-port", "1", "--loop-concurrency", "0"), "c", t -> t, e -> "e"))
        .hasMessage("--loop-concurrency: expected 1 or more, got 0");
    loop.close();
  }
}

package dev.weft.peers.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallRunnerTest {
  private static final CallRunner.Call ECHO = token -> "echo:" + token;
  private static final CallRunner.SlowCall SLOW = (token, millis) -> "slow" + millis + ":" + token;
  private static final CallRunner.Call FAIL = token -> "fail:" + token;

  @Test
  void aRunsMethodNameChoosesTheServiceMethodAndSlowGetsItsWait() throws Exception {
    assertThat(CallRunner.echoMethod("echo", 0, ECHO, SLOW, FAIL).call("t")).isEqualTo("echo:t");
    assertThat(CallRunner.echoMethod("slow", 250, ECHO, SLOW, FAIL).call("t"))
        .isEqualTo("slow250:t");
    assertThat(CallRunner.echoMethod("fail", 0, ECHO, SLOW, FAIL).call("t")).isEqualTo("fail:t");
  }

  @Test
  void anUnknownMethodIsRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> CallRunner.echoMethod("ping", 0, ECHO, SLOW, FAIL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown method ping");
  }
}

package dev.weft.dataplane.protocol.dubbo;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing with Jazzer. A normal build runs each target on its seed inputs ({@code
 * src/test/resources/.../DubboFuzzTestInputs/}); with {@code JAZZER_FUZZ=1} one target fuzzes for
 * up to {@code maxDuration} (see {@code benchmarks/fuzz/dubbo.md}). Nothing may escape but the
 * exceptions {@link DubboFuzzing} documents, nothing may leak, and each input has 10 s.
 */
class DubboFuzzTest {

  /** Bytes on a downstream connection: the codec alone, then the real pipeline in pieces. */
  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void frames(FuzzedDataProvider data) {
    int[] splits = {data.consumeInt(0, 512), data.consumeInt(0, 512)};
    Arrays.sort(splits);
    byte[] bytes = data.consumeRemainingAsBytes();
    DubboFuzzing.decodeAll(bytes);
    DubboFuzzing.pipeline(bytes, splits);
  }

  /** Hessian 2 bytes: the skipper, the string reader, a request body, a frame around them. */
  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void hessian2(byte[] bytes) {
    DubboFuzzing.hessian2(bytes);
  }
}

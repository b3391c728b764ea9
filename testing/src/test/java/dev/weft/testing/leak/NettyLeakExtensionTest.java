package dev.weft.testing.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class NettyLeakExtensionTest {

  @Test
  void theBuildRunsTestsWithTheRecordingDetectorOnParanoid() {
    assertThat(RecordingLeakDetector.isInstalled()).isTrue();
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }

  @Test
  void aClassThatLeaksABufferFails() {
    EngineExecutionResults results = run(Leaky.class);

    assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
    Events failedClasses = results.containerEvents().failed();
    assertThat(failedClasses.count()).isEqualTo(1);
    Throwable failure =
        failedClasses.stream()
            .findFirst()
            .orElseThrow()
            .getPayload(TestExecutionResult.class)
            .orElseThrow()
            .getThrowable()
            .orElseThrow();
    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Netty detected 1 leak(s)")
        .hasMessageContaining("ByteBuf.release() was not called")
        .hasMessageContaining("leaksABuffer");
  }

  @Test
  void aClassThatReleasesItsBuffersPasses() {
    EngineExecutionResults results = run(Tidy.class);

    assertThat(results.containerEvents().failed().count()).isZero();
    assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
  }

  private static EngineExecutionResults run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
        .selectors(selectClass(testClass))
        .execute();
  }

  /** Run only through the engine test kit above; surefire skips nested classes. */
  static class Leaky {
    @Test
    void leaksABuffer() {
      ByteBuf buffer = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
      buffer.writeLong(42);
      assertThat(buffer.readableBytes()).isEqualTo(8);
    }
  }

  static class Tidy {
    @Test
    void releasesItsBuffer() {
      ByteBuf buffer = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
      buffer.writeLong(42);
      assertThat(buffer.release()).isTrue();
    }
  }
}

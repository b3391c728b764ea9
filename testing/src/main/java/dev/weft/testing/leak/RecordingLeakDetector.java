package dev.weft.testing.leak;

import io.netty.util.ResourceLeakDetector;

/**
 * A Netty leak detector that records every leak for {@link NettyLeakExtension} to fail the test
 * with, instead of only logging it.
 *
 * <p>Netty instantiates it by reflection when the JVM runs with {@code
 * -Dio.netty.customResourceLeakDetector=dev.weft.testing.leak.RecordingLeakDetector}, which the
 * root pom passes to every module's surefire and failsafe JVM together with {@code
 * -Dio.netty.leakDetection.level=paranoid}.
 */
public class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
  public static final String PROPERTY = "io.netty.customResourceLeakDetector";

  public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
  }

  /** The constructor Netty's factory looks up on its older code path. */
  @SuppressWarnings("deprecation")
  public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
    super(resourceType, samplingInterval, maxActive);
  }

  /** Whether Netty in this JVM was told to use this detector. */
  public static boolean isInstalled() {
    return RecordingLeakDetector.class.getName().equals(System.getProperty(PROPERTY));
  }

  @Override
  protected boolean needReport() {
    // Netty skips reporting when its logger has ERROR disabled; a test must see every leak.
    return true;
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    LeakRecords.add(
        resourceType + ".release() was not called before it was garbage-collected." + records);
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    LeakRecords.add(
        resourceType
            + ".release() was not called before it was garbage-collected"
            + " (no access record: run with -Dio.netty.leakDetection.level=paranoid).");
  }
}

package dev.weft.dataplane.protocol.dubbo;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short fuzz run of every build: seeded random mutations of realistic frames and hessian2
 * bytes, through {@link DubboFuzzing}. Deterministic (fixed seeds), so a failure reproduces; the
 * coverage-guided run is {@link DubboFuzzTest} with {@code JAZZER_FUZZ=1}.
 */
class DubboMutationTest {
  private static final int FRAME_INPUTS = 3_000;
  private static final int PIPELINE_EVERY = 8;
  private static final int HESSIAN2_INPUTS = 6_000;

  private static final int[] INTERESTING = {
    0x00, 0xff, 0x7f, 0x80, 0x90, 0xda, 0xbb, 'C', 'H', 'M', 'N', 'O', 'Q', 'R', 'S', 'V', 'W', 'X',
    'Z', 0x60, 0x70, 0x78, 0x30, 0x33, 0x1f, 0xc0, 0xd0, 0xf0
  };

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void mutatedFramesOnlyEverFailAsDocumented() {
    Random random = new Random(0xdabbL);
    List<byte[]> seeds = DubboFuzzSeeds.frames();
    for (int i = 0; i < FRAME_INPUTS; i++) {
      byte[] input = mutate(seeds, random, true);
      DubboFuzzing.decodeAll(input);
      if (i % PIPELINE_EVERY == 0) {
        int[] splits = {random.nextInt(input.length + 1), random.nextInt(input.length + 1)};
        Arrays.sort(splits);
        DubboFuzzing.pipeline(input, splits);
      }
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void mutatedHessian2OnlyEverFailsAsDocumented() {
    Random random = new Random(0x48L);
    List<byte[]> seeds = DubboFuzzSeeds.hessian2();
    for (int i = 0; i < HESSIAN2_INPUTS; i++) {
      DubboFuzzing.hessian2(mutate(seeds, random, false));
    }
  }

  /** One to four mutations of a seed (or of two seeds spliced). */
  static byte[] mutate(List<byte[]> seeds, Random random, boolean frames) {
    byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
    int rounds = 1 + random.nextInt(4);
    for (int r = 0; r < rounds; r++) {
      b = mutateOnce(b, seeds, random);
    }
    if (frames && b.length >= 16 && random.nextBoolean()) {
      // Keep the length field honest half the time, so the body parsers see the damage.
      ByteBuffer.wrap(b).putInt(12, b.length - 16);
    }
    return b;
  }

  private static byte[] mutateOnce(byte[] b, List<byte[]> seeds, Random random) {
    if (b.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    int at = random.nextInt(b.length);
    switch (random.nextInt(8)) {
      case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
      case 1 -> b[at] = (byte) random.nextInt(256);
      case 2 -> b[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
      case 3 -> {
        int length = 1 + random.nextInt(Math.min(16, b.length - at));
        byte[] out = new byte[b.length - length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + length, out, at, b.length - at - length);
        return out;
      }
      case 4 -> {
        byte[] insert = new byte[1 + random.nextInt(8)];
        random.nextBytes(insert);
        return splice(b, at, insert);
      }
      case 5 -> {
        int length = 1 + random.nextInt(Math.min(32, b.length - at));
        return splice(b, at, Arrays.copyOfRange(b, at, at + length));
      }
      case 6 -> {
        byte[] other = seeds.get(random.nextInt(seeds.size()));
        int from = random.nextInt(other.length);
        return splice(Arrays.copyOf(b, at), at, Arrays.copyOfRange(other, from, other.length));
      }
      default -> {
        return Arrays.copyOf(b, at);
      }
    }
    return b;
  }

  private static byte[] splice(byte[] b, int at, byte[] insert) {
    byte[] out = new byte[b.length + insert.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(b, at, out, at + insert.length, b.length - at);
    return out;
  }
}

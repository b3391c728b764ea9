package dev.weft.dataplane.protocol.bolt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A few seconds of fuzzing in every build, without Jazzer's instrumentation: valid Bolt frames with
 * random bytes flipped, lengths set to edge values, cut short, doubled or spliced, plus plain
 * random bytes, all run through {@link BoltFuzzTarget}. The seed is fixed so a failure replays; set
 * {@code -Dweft.fuzz.seed=N} to explore others and {@code -Dweft.fuzz.iterations=N} for longer.
 */
class BoltDecoderMutationTest {
  private static final int[] EDGE_SHORTS = {0, 1, 0x7fff, 0x8000, 0xffff};
  private static final int[] EDGE_INTS = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 16384};

  private final BoltFuzzTarget target = new BoltFuzzTarget();

  @Test
  void mutatedFramesOnlyEverCloseTheConnectionCleanly() {
    long seed = Long.getLong("weft.fuzz.seed", 20250101L);
    int iterations = Integer.getInteger("weft.fuzz.iterations", 1000);
    Random random = new Random(seed);
    List<byte[]> seeds = seeds();
    for (int i = 0; i < iterations; i++) {
      byte[] input =
          random.nextInt(10) == 0
              ? randomBytes(random)
              : mutate(random, seeds.get(random.nextInt(seeds.size())));
      try {
        target.run(input);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "seed " + seed + " iteration " + i + " input " + Arrays.toString(input), e);
      }
    }
  }

  static List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(BoltCodecTest.HEARTBEAT);
    seeds.add(BoltCodecTest.HEARTBEAT_ACK);
    seeds.add(BoltCodecTest.SOFA_REQUEST);
    seeds.add(BoltFramingTest.request(false, 7, "hello"));
    seeds.add(BoltFramingTest.request(true, 8, "hello v2"));
    seeds.add(BoltWire.request(9).oneway().content("oneway").bytes());
    seeds.add(BoltWire.request(10).version(2).ver1(1).header("k", "v").content("no crc").bytes());
    seeds.add(
        BoltWire.request(11)
            .type(BoltWire.TYPE_RESPONSE)
            .cmdCode(BoltWire.CMD_RESPONSE)
            .status(0x10)
            .className("com.alipay.sofa.rpc.core.response.SofaResponse")
            .header("sofa_head_response_error", "true")
            .content("err")
            .bytes());
    seeds.add(BoltWire.heartbeat(12).v2(true).bytes());
    seeds.add(BoltCodecTest.concat(BoltWire.heartbeat(13).bytes(), BoltCodecTest.SOFA_REQUEST));
    return seeds;
  }

  private static byte[] mutate(Random random, byte[] original) {
    byte[] bytes = original.clone();
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations && bytes.length > 0; m++) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(7)) {
        case 0:
          bytes[at] ^= (byte) (1 << random.nextInt(8));
          break;
        case 1:
          bytes[at] = (byte) random.nextInt(256);
          break;
        case 2:
          putShort(bytes, at, EDGE_SHORTS[random.nextInt(EDGE_SHORTS.length)]);
          break;
        case 3:
          putInt(bytes, at, EDGE_INTS[random.nextInt(EDGE_INTS.length)]);
          break;
        case 4:
          bytes = Arrays.copyOf(bytes, at);
          break;
        case 5:
          bytes = BoltCodecTest.concat(bytes, original);
          break;
        default:
          byte[] insert = randomBytes(random);
          bytes =
              BoltCodecTest.concat(
                  Arrays.copyOf(bytes, at), insert, Arrays.copyOfRange(bytes, at, bytes.length));
          break;
      }
    }
    return bytes;
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(64)];
    random.nextBytes(bytes);
    if (bytes.length > 0 && random.nextBoolean()) {
      bytes[0] = (byte) (1 + random.nextInt(2)); // a plausible protocol code
    }
    return bytes;
  }

  private static void putShort(byte[] bytes, int at, int value) {
    for (int i = 0; i < 2 && at + i < bytes.length; i++) {
      bytes[at + i] = (byte) (value >> (8 * (1 - i)));
    }
  }

  private static void putInt(byte[] bytes, int at, int value) {
    for (int i = 0; i < 4 && at + i < bytes.length; i++) {
      bytes[at + i] = (byte) (value >> (8 * (3 - i)));
    }
  }
}

package dev.weft.dataplane.protocol.bolt;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the Bolt decoder with Jazzer. In a normal build this replays the seed
 * inputs under {@code BoltDecoderFuzzTestInputs/decode} (the reference's captures and edge cases)
 * and every crash Jazzer ever saved there; with {@code JAZZER_FUZZ=1} it fuzzes, for the annotated
 * duration or {@code -Djazzer.max_duration} (see {@code benchmarks/fuzz-bolt.sh}). {@link
 * BoltDecoderMutationTest} gives every build a few seconds of randomized inputs too.
 */
class BoltDecoderFuzzTest {
  private final BoltFuzzTarget target = new BoltFuzzTarget();

  @FuzzTest(maxDuration = "30s")
  void decode(byte[] input) {
    target.run(input);
  }
}

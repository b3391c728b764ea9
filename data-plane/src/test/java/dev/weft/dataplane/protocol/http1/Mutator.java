package dev.weft.dataplane.protocol.http1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutations of well-formed input for fuzzing, and random splits into reads; seeded by the caller.
 */
final class Mutator {
  private static final String[] TOKENS = {
    "\r",
    "\n",
    "\r\n",
    " ",
    "\t",
    ":",
    ",",
    ";",
    "0",
    "\u0000",
    "\u007f",
    "\u00ff",
    "\"",
    "-",
    "chunked",
    "ffffffff",
    "\r\n\r\n",
    "Content-Length: 5\r\n",
    "Transfer-Encoding: chunked\r\n",
    "Connection: close\r\n",
    "Expect: 100-continue\r\n",
    "HTTP/1.0",
    " HTTP/1.1\r\n"
  };

  private final Random random;

  Mutator(Random random) {
    this.random = random;
  }

  byte[] mutate(byte[] input) {
    byte[] out = input;
    int rounds = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
    for (int i = 0; i < rounds; i++) {
      out = mutateOnce(out);
    }
    return out;
  }

  private byte[] mutateOnce(byte[] in) {
    if (in.length == 0) {
      return bytes(TOKENS[random.nextInt(TOKENS.length)]);
    }
    int at = random.nextInt(in.length);
    switch (random.nextInt(7)) {
      case 0: // a random byte
        byte[] flipped = in.clone();
        flipped[at] = (byte) random.nextInt(256);
        return flipped;
      case 1: // an interesting token inserted
        return splice(in, at, at, bytes(TOKENS[random.nextInt(TOKENS.length)]));
      case 2: // a few bytes deleted
        return splice(in, at, Math.min(in.length, at + 1 + random.nextInt(8)), new byte[0]);
      case 3: // a range repeated
        int end = Math.min(in.length, at + 1 + random.nextInt(32));
        return splice(in, at, at, Arrays.copyOfRange(in, at, end));
      case 4: // cut short
        return Arrays.copyOf(in, at);
      case 5: // a line-structure byte
        byte[] replaced = in.clone();
        replaced[at] = (byte) "\r\n \t:".charAt(random.nextInt(5));
        return replaced;
      default: // case flipped
        byte[] cased = in.clone();
        cased[at] ^= 0x20;
        return cased;
    }
  }

  private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
    byte[] out = new byte[in.length - (to - from) + insert.length];
    System.arraycopy(in, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(in, to, out, from + insert.length, in.length - to);
    return out;
  }

  /** The input in one to four pieces, cut at random. */
  List<byte[]> split(byte[] input) {
    List<byte[]> pieces = new ArrayList<>();
    int from = 0;
    for (int cuts = random.nextInt(4); cuts > 0 && from < input.length; cuts--) {
      int to = from + random.nextInt(input.length - from + 1);
      pieces.add(Arrays.copyOfRange(input, from, to));
      from = to;
    }
    pieces.add(Arrays.copyOfRange(input, from, input.length));
    return pieces;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}

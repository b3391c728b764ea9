package dev.weft.dataplane.protocol.hessian;

import java.util.Arrays;

/**
 * Steps over whole Hessian 2 values without materialising them: every form of the Hessian 2.0
 * grammar (null, booleans, ints, longs, doubles, dates, strings, binary, typed and untyped lists
 * and maps, class definitions, objects, references). The only state kept is the field count of each
 * class definition seen, which objects further on need; one skipper must therefore see a body's
 * values in order.
 *
 * <p>The work is bounded by the bytes: every value takes at least one byte and every read is
 * checked against the end, so a count such as a list length can only fail, never loop. Nesting is
 * limited to {@value #MAX_DEPTH} levels so hostile input cannot exhaust the stack.
 */
public final class Hessian2Skipper {
  public static final int MAX_DEPTH = 200;

  private final Hessian2Input in;
  private int[] classFieldCounts = new int[4];
  private int classCount;

  public Hessian2Skipper(Hessian2Input in) {
    this.in = in;
  }

  /** Skips one value (and any class definitions in front of it). */
  public void skipValue() {
    skip(0);
  }

  public int classDefinitions() {
    return classCount;
  }

  private void skip(int depth) {
    if (depth > MAX_DEPTH) {
      throw new Hessian2Exception("hessian2 values nested deeper than " + MAX_DEPTH);
    }
    int code = in.read();
    while (code == 'C') {
      defineClass();
      code = in.read(); // a definition precedes the object that first uses it
    }
    if (Hessian2Input.isStringStart(code)) {
      in.skipString(code);
    } else if (code >= 0x80) {
      skipCompactNumber(code);
    } else if (code >= 0x20 && code <= 0x2f) {
      in.skip(code - 0x20); // short binary
    } else if (code >= 0x34 && code <= 0x37) {
      in.skip(((code - 0x34) << 8) | in.read()); // medium binary
    } else if (code >= 0x38 && code <= 0x3f) {
      in.skip(2); // three-byte long
    } else if (code >= 0x60 && code <= 0x6f) {
      skipFields(code - 0x60, depth);
    } else if (code >= 0x70 && code <= 0x77) {
      skipType();
      skipValues(code - 0x70, depth); // short fixed-length typed list
    } else if (code >= 0x78 && code <= 0x7f) {
      skipValues(code - 0x78, depth); // short fixed-length untyped list
    } else {
      skipLettered(code, depth);
    }
  }

  /** Ints {@code 0x80..0xd7} and longs {@code 0xd8..0xff} in their compact forms. */
  private void skipCompactNumber(int code) {
    if ((code >= 0xc0 && code <= 0xcf) || code >= 0xf0) {
      in.skip(1);
    } else if (code >= 0xd0 && code <= 0xd7) {
      in.skip(2);
    }
  }

  /** The forms named by a letter, plus the compact doubles {@code 0x5b..0x5f}. */
  private void skipLettered(int code, int depth) {
    switch (code) {
      case 'N', 'T', 'F', 0x5b, 0x5c -> {}
      case 0x5d -> in.skip(1);
      case 0x5e -> in.skip(2);
      case 'I', 'K', 'Y', 0x5f -> in.skip(4);
      case 'D', 'J', 'L' -> in.skip(8);
      case 'A', 'B' -> skipBinary(code);
      case 'H' -> skipEntries(depth);
      case 'M' -> {
        skipType();
        skipEntries(depth);
      }
      case 'O' -> skipFields(in.readInt(), depth);
      case 'Q' -> in.readInt(); // a back reference: nothing follows it
      case 'U' -> {
        skipType();
        skipUntilEnd(depth);
      }
      case 'V' -> {
        skipType();
        skipValues(readLength(), depth);
      }
      case 'W' -> skipUntilEnd(depth);
      case 'X' -> skipValues(readLength(), depth);
      default -> throw in.unexpected(code, "a hessian2 value");
    }
  }

  private void defineClass() {
    String name = in.readString();
    if (name == null) {
      throw new Hessian2Exception("class definition without a name");
    }
    int fields = readLength();
    for (int i = 0; i < fields; i++) {
      int code = in.read();
      if (!Hessian2Input.isStringStart(code)) {
        throw in.unexpected(code, "a field name");
      }
      in.skipString(code);
    }
    if (classCount == classFieldCounts.length) {
      classFieldCounts = Arrays.copyOf(classFieldCounts, classCount * 2);
    }
    classFieldCounts[classCount++] = fields;
  }

  private void skipFields(int classIndex, int depth) {
    if (classIndex < 0 || classIndex >= classCount) {
      throw new Hessian2Exception("object of undefined class #" + classIndex);
    }
    skipValues(classFieldCounts[classIndex], depth);
  }

  private void skipValues(int count, int depth) {
    for (int i = 0; i < count; i++) {
      skip(depth + 1);
    }
  }

  /** Values (or key/value pairs: the count does not matter) up to the {@code 'Z'} terminator. */
  private void skipUntilEnd(int depth) {
    while (in.peek() != 'Z') {
      skip(depth + 1);
    }
    in.read();
  }

  private void skipEntries(int depth) {
    while (in.peek() != 'Z') {
      skip(depth + 1);
      skip(depth + 1);
    }
    in.read();
  }

  /** A list or map type: a type name, or an int referring to an earlier one. */
  private void skipType() {
    int code = in.peek();
    if (Hessian2Input.isStringStart(code)) {
      in.skipString(in.read());
    } else {
      in.readInt();
    }
  }

  private void skipBinary(int code) {
    while (true) {
      if (code == 'A' || code == 'B') {
        in.skip(in.readUnsignedShort());
      } else if (code >= 0x20 && code <= 0x2f) {
        in.skip(code - 0x20);
      } else if (code >= 0x34 && code <= 0x37) {
        in.skip(((code - 0x34) << 8) | in.read());
      } else {
        throw in.unexpected(code, "a binary chunk");
      }
      if (code != 'B') {
        return; // every form but 'B' ends the value
      }
      code = in.read();
    }
  }

  private int readLength() {
    int length = in.readInt();
    if (length < 0) {
      throw new Hessian2Exception("negative hessian2 length " + length);
    }
    return length;
  }
}

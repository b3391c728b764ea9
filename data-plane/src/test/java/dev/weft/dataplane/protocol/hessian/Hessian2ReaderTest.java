package dev.weft.dataplane.protocol.hessian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Hessian 2 reader and skipper against hand-encoded bytes, one test per family of forms. */
public class Hessian2ReaderTest {

  /** Bytes from ints (single bytes) and strings (their ASCII bytes). */
  public static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof Integer) {
        out.write((Integer) part);
      } else if (part instanceof Character) {
        out.write((Character) part);
      } else if (part instanceof byte[]) {
        out.writeBytes((byte[]) part);
      } else {
        out.writeBytes(((String) part).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toByteArray();
  }

  private static Hessian2Input input(byte[] bytes) {
    return new Hessian2Input(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
  }

  private static String readString(byte[] bytes) {
    Hessian2Input in = input(bytes);
    String value = in.readString();
    assertThat(in.atEnd()).as("every byte read").isTrue();
    return value;
  }

  // ----- strings -----

  @Test
  void readsCompactMediumAndLongStrings() {
    assertThat(readString(bytes(0x00))).isEmpty();
    assertThat(readString(bytes(0x05, "hello"))).isEqualTo("hello");
    String s31 = "a".repeat(31);
    assertThat(readString(bytes(0x1f, s31))).isEqualTo(s31);
    String s32 = "b".repeat(32);
    assertThat(readString(bytes(0x30, 0x20, s32))).isEqualTo(s32);
    String s1023 = "c".repeat(1023);
    assertThat(readString(bytes(0x33, 0xff, s1023))).isEqualTo(s1023);
    String s1024 = "d".repeat(1024);
    assertThat(readString(bytes('S', 0x04, 0x00, s1024))).isEqualTo(s1024);
    assertThat(readString(bytes('S', 0x00, 0x02, "ok"))).isEqualTo("ok");
    assertThat(readString(bytes('N'))).isNull();
  }

  @Test
  void readsChunkedStringsEndingInAnyFinalForm() {
    assertThat(readString(bytes('R', 0x00, 0x03, "abc", 'S', 0x00, 0x02, "de"))).isEqualTo("abcde");
    assertThat(readString(bytes('R', 0x00, 0x01, "a", 'R', 0x00, 0x01, "b", 0x01, "c")))
        .isEqualTo("abc");
    assertThat(readString(bytes('R', 0x00, 0x02, "xy", 0x30, 0x01, "z"))).isEqualTo("xyz");
    assertThat(readString(bytes('R', 0x00, 0x00, 0x00))).isEmpty();
  }

  @Test
  void countsUtf16CharactersInUtf8Bytes() {
    assertThat(readString(bytes(0x01, 0xc3, 0xa9))).isEqualTo("é");
    assertThat(readString(bytes(0x02, 0xe2, 0x82, 0xac, "x"))).isEqualTo("€x");
    // U+1F600 as Java Hessian writers send it: two surrogates, three bytes each, length 2.
    assertThat(readString(bytes(0x02, 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80))).isEqualTo("😀");
    // The same character as one standard 4-byte sequence still counts two.
    assertThat(readString(bytes(0x03, 0xf0, 0x9f, 0x98, 0x80, "!"))).isEqualTo("😀!");
    // A surrogate pair may straddle two chunks.
    assertThat(readString(bytes('R', 0x00, 0x01, 0xed, 0xa0, 0xbd, 0x01, 0xed, 0xb8, 0x80)))
        .isEqualTo("😀");
  }

  @Test
  void rejectsBadStrings() {
    List<byte[]> bad =
        List.of(
            bytes(0x05, "he"), // truncated data
            bytes('R', 0x00, 0x02, "ab"), // no final chunk
            bytes('R', 0x00, 0x01, "a", 0x90), // a chunk followed by an int
            bytes(0x01, 0xc3, 0x28), // bad continuation byte
            bytes(0x01, 0x80), // a continuation byte first
            bytes(0x01, 0xf8, 0x80, 0x80, 0x80), // no such lead byte
            bytes(0x01, 0xf0, 0x9f, 0x98, 0x80), // a 4-byte sequence where one character is left
            bytes(0x02, 0xf0, 0x8f, 0x98, 0x80), // overlong 4-byte sequence
            bytes(0x30), // medium length missing
            bytes('S', 0x00), // long length cut
            bytes(0x90), // an int
            bytes()); // nothing
    for (byte[] b : bad) {
      assertThatThrownBy(() -> input(b).readString()).isInstanceOf(Hessian2Exception.class);
    }
  }

  // ----- ints -----

  @Test
  void readsIntsInEveryForm() {
    Map<byte[], Integer> cases =
        Map.ofEntries(
            Map.entry(bytes(0x90), 0),
            Map.entry(bytes(0x80), -16),
            Map.entry(bytes(0xbf), 47),
            Map.entry(bytes(0xc8, 0x00), 0),
            Map.entry(bytes(0xc0, 0x00), -2048),
            Map.entry(bytes(0xcf, 0xff), 2047),
            Map.entry(bytes(0xd4, 0x00, 0x00), 0),
            Map.entry(bytes(0xd0, 0x00, 0x00), -262144),
            Map.entry(bytes(0xd7, 0xff, 0xff), 262143),
            Map.entry(bytes('I', 0x80, 0x00, 0x00, 0x00), Integer.MIN_VALUE),
            Map.entry(bytes('I', 0x7f, 0xff, 0xff, 0xff), Integer.MAX_VALUE),
            Map.entry(bytes('I', 0xff, 0xff, 0xff, 0xfe), -2));
    cases.forEach((b, value) -> assertThat(input(b).readInt()).isEqualTo(value));
    assertThatThrownBy(() -> input(bytes(0xd8)).readInt()).isInstanceOf(Hessian2Exception.class);
    assertThatThrownBy(() -> input(bytes('I', 0x00)).readInt())
        .isInstanceOf(Hessian2Exception.class);
  }

  @Test
  void theTestWriterPicksTheFormsTheGrammarDefines() {
    assertThat(new Hessian2TestWriter().intValue(-16).intValue(300).toByteArray())
        .isEqualTo(bytes(0x80, 0xc9, 0x2c));
    assertThat(new Hessian2TestWriter().longValue(0).longValue(-9).toByteArray())
        .isEqualTo(bytes(0xe0, 0xf7, 0xf7));
    assertThat(new Hessian2TestWriter().string("hi").chunkedString("abcd", 3).toByteArray())
        .isEqualTo(bytes(0x02, "hi", 'R', 0x00, 0x03, "abc", 0x01, "d"));
    for (int value : new int[] {-262145, -262144, -2049, -17, 0, 48, 2048, 262144, 1 << 30}) {
      byte[] b = new Hessian2TestWriter().intValue(value).toByteArray();
      assertThat(input(b).readInt()).isEqualTo(value);
    }
  }

  // ----- skipping -----

  /** Each case is one value; the skipper must land exactly on the sentinel after it. */
  public static List<byte[]> everyValueForm() {
    List<byte[]> values = new ArrayList<>();
    // null, booleans
    values.add(bytes('N'));
    values.add(bytes('T'));
    values.add(bytes('F'));
    // ints
    values.add(bytes(0x90));
    values.add(bytes(0xc8, 0x01));
    values.add(bytes(0xd4, 0x01, 0x02));
    values.add(bytes('I', 0, 0, 1, 0));
    // longs
    values.add(bytes(0xe0));
    values.add(bytes(0xf8, 0x01));
    values.add(bytes(0x3c, 0x01, 0x02));
    values.add(bytes('Y', 0, 0, 1, 0));
    values.add(bytes('L', 0, 0, 0, 0, 0, 0, 1, 0));
    // doubles
    values.add(bytes(0x5b));
    values.add(bytes(0x5c));
    values.add(bytes(0x5d, 0x80));
    values.add(bytes(0x5e, 0x01, 0x02));
    values.add(bytes(0x5f, 0, 0, 0x2f, 0xda));
    values.add(bytes('D', 0x40, 0x28, 0x80, 0, 0, 0, 0, 0));
    // dates
    values.add(bytes(0x4a, 0, 0, 0, 0xd0, 0x4b, 0x92, 0x84, 0xb8));
    values.add(bytes(0x4b, 0, 0xe3, 0x83, 0x8f));
    // strings
    values.add(bytes(0x03, "abc"));
    values.add(bytes(0x30, 0x03, "abc"));
    values.add(bytes('S', 0x00, 0x03, "abc"));
    values.add(bytes('R', 0x00, 0x01, "a", 0x02, 0xc3, 0xa9, "b"));
    // binary
    values.add(bytes(0x20));
    values.add(bytes(0x23, 1, 2, 3));
    values.add(bytes(0x34, 0x03, 1, 2, 3));
    values.add(bytes('A', 0x00, 0x00));
    values.add(bytes('B', 0x00, 0x01, 9, 'A', 0x00, 0x02, 8, 7));
    values.add(bytes('B', 0x00, 0x01, 9, 'B', 0x00, 0x01, 8, 0x21, 7));
    values.add(bytes('B', 0x00, 0x01, 9, 0x34, 0x01, 8));
    // lists
    values.add(bytes('W', 0x90, 0x91, 'Z'));
    values.add(bytes('W', 'Z'));
    values.add(bytes('U', 0x04, "[int", 0x90, 'Z'));
    values.add(bytes('X', 0x92, 0x90, 0x91));
    values.add(bytes('V', 0x04, "[int", 0x92, 0x90, 0x91));
    values.add(bytes('V', 0x90, 0x91, 0x03, "abc")); // type given as a reference
    values.add(bytes(0x72, 0x04, "[int", 0x90, 0x91));
    values.add(bytes(0x70, 0x07, "[string"));
    values.add(bytes(0x7a, 0x90, 'N'));
    values.add(bytes(0x78));
    // maps
    values.add(bytes('H', 0x01, "a", 0x90, 0x01, "b", 'W', 'Z', 'Z'));
    values.add(bytes('H', 'Z'));
    values.add(bytes('M', 0x07, "HashMap", 0x90, 0x01, "x", 'Z'));
    values.add(bytes('M', 0x91, 'Z')); // type given as a reference
    // class definitions and objects
    values.add(
        bytes('C', 0x0b, "demo.Person", 0x92, 0x04, "name", 0x03, "age", 0x60, 0x03, "Bob", 0xbf));
    values.add(bytes('C', 0x01, "E", 0x90, 'O', 0x90));
    values.add(
        bytes(
            'W', 'C', 0x01, "P", 0x91, 0x01, "n", 0x60, 0x01,
            "x", // first instance, with definition
            0x60, 0x01, "y", // second instance reuses definition 0
            'C', 0x01, "Q", 0x91, 0x01, "p", 0x61, 0x51, 0x91, // definition 1, field is a ref
            'Z'));
    // references
    values.add(bytes('Q', 0x90));
    values.add(bytes('Q', 'I', 0, 1, 0, 0));
    return values;
  }

  @Test
  void skipsEveryValueFormExactly() {
    for (byte[] value : everyValueForm()) {
      byte[] framed = bytes(value, 0x03, "end");
      Hessian2Input in = input(framed);
      new Hessian2Skipper(in).skipValue();
      assertThat(in.readString()).as("sentinel after %s", hex(value)).isEqualTo("end");
      assertThat(in.atEnd()).isTrue();
    }
  }

  @Test
  void objectsUseTheFieldCountOfTheirClassDefinition() {
    byte[] b =
        bytes(
            'C', 0x01, "A", 0x91, 0x01, "x", // A has one field
            'C', 0x01, "B", 0x93, 0x01, "x", 0x01, "y", 0x01, "z", // B has three
            0x60, 0x90, // an A
            0x61, 0x90, 0x91, 0x92, // a B
            'O', 0x91, 'N', 'T', 'F', // a B in the long form
            0x03, "end");
    Hessian2Input in = input(b);
    Hessian2Skipper skipper = new Hessian2Skipper(in);
    skipper.skipValue();
    skipper.skipValue();
    skipper.skipValue();
    assertThat(skipper.classDefinitions()).isEqualTo(2);
    assertThat(in.readString()).isEqualTo("end");
  }

  @Test
  void rejectsWhatCannotBeSkipped() {
    List<byte[]> bad =
        List.of(
            bytes(0x60), // object of an undefined class
            bytes('O', 0x95), // same, long form
            bytes('C', 0x01, "A", 0x91, 0x01, "x", 0x61, 0x90), // class #1 of one
            bytes('C', 'N', 0x90, 0x60), // class without a name
            bytes('C', 0x01, "A", 0x91, 0x90), // a field name that is an int
            bytes(0x40), // reserved
            bytes('E'),
            bytes('G'),
            bytes('P'),
            bytes('Z'), // a terminator where a value belongs
            bytes('I', 0x00), // truncated
            bytes('X', 0x8f), // negative length
            bytes('X', 'I', 0x7f, 0xff, 0xff, 0xff, 0x90, 0x91), // length beyond the bytes
            bytes('W', 0x90), // no terminator
            bytes('H', 0x90), // key without value
            bytes('B', 0x00, 0x01, 9, 0x90), // binary chunk followed by an int
            bytes('M', 'T', 'Z'), // a map type that is neither string nor int
            bytes());
    for (byte[] b : bad) {
      assertThatThrownBy(() -> new Hessian2Skipper(input(b)).skipValue())
          .as(hex(b))
          .isInstanceOf(Hessian2Exception.class);
    }
  }

  @Test
  void deepNestingFailsInsteadOfExhaustingTheStack() {
    int depth = Hessian2Skipper.MAX_DEPTH + 5;
    byte[] b = new byte[depth * 2];
    for (int i = 0; i < depth; i++) {
      b[i] = 'W';
      b[depth + i] = 'Z';
    }
    assertThatThrownBy(() -> new Hessian2Skipper(input(b)).skipValue())
        .isInstanceOf(Hessian2Exception.class)
        .hasMessageContaining("nested");

    int fine = Hessian2Skipper.MAX_DEPTH;
    byte[] ok = new byte[fine * 2];
    for (int i = 0; i < fine; i++) {
      ok[i] = 'W';
      ok[fine + i] = 'Z';
    }
    Hessian2Input in = input(ok);
    new Hessian2Skipper(in).skipValue();
    assertThat(in.atEnd()).isTrue();
  }

  private static String hex(byte[] b) {
    ByteBuf buf = Unpooled.wrappedBuffer(b);
    return io.netty.buffer.ByteBufUtil.hexDump(buf);
  }
}

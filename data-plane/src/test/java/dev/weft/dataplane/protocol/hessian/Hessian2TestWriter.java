package dev.weft.dataplane.protocol.hessian;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A test-only Hessian 2 writer, written from the Hessian 2.0 grammar, to build realistic Dubbo
 * bodies: each value can be written in the form a test names, so the reader sees every encoding.
 * Structured values (lists, maps, objects) are written as a start marker, then whatever values the
 * test writes, then {@link #end()} where the form needs one.
 */
public final class Hessian2TestWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  public Hessian2TestWriter raw(int... bytes) {
    for (int b : bytes) {
      out.write(b);
    }
    return this;
  }

  public Hessian2TestWriter nul() {
    return raw('N');
  }

  public Hessian2TestWriter bool(boolean value) {
    return raw(value ? 'T' : 'F');
  }

  // ----- numbers -----

  /** An int in its shortest form. */
  public Hessian2TestWriter intValue(int value) {
    if (value >= -16 && value <= 47) {
      return raw(0x90 + value);
    }
    if (value >= -2048 && value <= 2047) {
      return raw(0xc8 + (value >> 8), value & 0xff);
    }
    if (value >= -262144 && value <= 262143) {
      return raw(0xd4 + (value >> 16), (value >> 8) & 0xff, value & 0xff);
    }
    return int32(value);
  }

  /** An int in the full {@code 'I'} form. */
  public Hessian2TestWriter int32(int value) {
    return raw('I').be(value, 4);
  }

  /** A long in its shortest form. */
  public Hessian2TestWriter longValue(long value) {
    if (value >= -8 && value <= 15) {
      return raw((int) (0xe0 + value));
    }
    if (value >= -2048 && value <= 2047) {
      return raw((int) (0xf8 + (value >> 8)), (int) (value & 0xff));
    }
    if (value >= -262144 && value <= 262143) {
      return raw((int) (0x3c + (value >> 16)), (int) ((value >> 8) & 0xff), (int) (value & 0xff));
    }
    if (value == (int) value) {
      return raw('Y').be(value, 4);
    }
    return raw('L').be(value, 8);
  }

  public Hessian2TestWriter doubleValue(double value) {
    if (value == 0.0) {
      return raw(0x5b);
    }
    if (value == 1.0) {
      return raw(0x5c);
    }
    if (value == (byte) value) {
      return raw(0x5d, (int) value & 0xff);
    }
    if (value == (short) value) {
      return raw(0x5e).be((short) value, 2);
    }
    int mills = (int) (value * 1000);
    if (mills * 0.001 == value) {
      return raw(0x5f).be(mills, 4);
    }
    return raw('D').be(Double.doubleToLongBits(value), 8);
  }

  public Hessian2TestWriter dateMillis(long millis) {
    return raw(0x4a).be(millis, 8);
  }

  public Hessian2TestWriter dateMinutes(int minutes) {
    return raw(0x4b).be(minutes, 4);
  }

  // ----- strings and binary -----

  /** A string in its shortest unchunked form. */
  public Hessian2TestWriter string(String value) {
    int length = value.length();
    if (length <= 31) {
      raw(length);
    } else if (length <= 1023) {
      raw(0x30 + (length >> 8), length & 0xff);
    } else {
      raw('S').be(length, 2);
    }
    return utf8(value);
  }

  /** A string split in {@code 'R'} chunks of {@code chunk} characters, the last in short form. */
  public Hessian2TestWriter chunkedString(String value, int chunk) {
    int offset = 0;
    while (value.length() - offset > chunk) {
      raw('R').be(chunk, 2).utf8(value.substring(offset, offset + chunk));
      offset += chunk;
    }
    return string(value.substring(offset));
  }

  /** A string whose length prefix is {@code 'S'} even when shorter forms would do. */
  public Hessian2TestWriter longFormString(String value) {
    return raw('S').be(value.length(), 2).utf8(value);
  }

  /**
   * Each UTF-16 character on its own (surrogates as 3-byte sequences, as Java Hessian writers do).
   */
  public Hessian2TestWriter utf8(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        raw(c);
      } else if (c < 0x800) {
        raw(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
      } else {
        raw(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
      }
    }
    return this;
  }

  /** Standard UTF-8 bytes (4-byte sequences for supplementary characters). */
  public Hessian2TestWriter standardUtf8(String value) {
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public Hessian2TestWriter binary(byte[] data) {
    if (data.length <= 15) {
      raw(0x20 + data.length);
    } else if (data.length <= 1023) {
      raw(0x34 + (data.length >> 8), data.length & 0xff);
    } else {
      raw('A').be(data.length, 2);
    }
    out.writeBytes(data);
    return this;
  }

  public Hessian2TestWriter chunkedBinary(byte[] data, int chunk) {
    int offset = 0;
    while (data.length - offset > chunk) {
      raw('B').be(chunk, 2);
      out.write(data, offset, chunk);
      offset += chunk;
    }
    raw('A').be(data.length - offset, 2);
    out.write(data, offset, data.length - offset);
    return this;
  }

  // ----- structures -----

  /** {@code 'W'}: untyped list of any length; close with {@link #end()}. */
  public Hessian2TestWriter variableList() {
    return raw('W');
  }

  /** {@code 'U'} type: typed list of any length; close with {@link #end()}. */
  public Hessian2TestWriter variableList(String type) {
    return raw('U').string(type);
  }

  /** Fixed-length untyped list: {@code 0x78+n} up to 7, else {@code 'X'} length. */
  public Hessian2TestWriter fixedList(int length) {
    return length <= 7 ? raw(0x78 + length) : raw('X').intValue(length);
  }

  /** Fixed-length typed list: {@code 0x70+n} type up to 7, else {@code 'V'} type length. */
  public Hessian2TestWriter fixedList(String type, int length) {
    if (length <= 7) {
      return raw(0x70 + length).string(type);
    }
    return raw('V').string(type).intValue(length);
  }

  /** A typed fixed-length list whose type is a reference to an earlier type. */
  public Hessian2TestWriter fixedListTypeRef(int typeRef, int length) {
    return raw('V').intValue(typeRef).intValue(length);
  }

  /** {@code 'H'}: untyped map; write keys and values, then {@link #end()}. */
  public Hessian2TestWriter map() {
    return raw('H');
  }

  /** {@code 'M'} type: typed map; write keys and values, then {@link #end()}. */
  public Hessian2TestWriter map(String type) {
    return raw('M').string(type);
  }

  public Hessian2TestWriter stringMap(Map<String, String> entries) {
    map();
    entries.forEach((k, v) -> string(k).string(v));
    return end();
  }

  public Hessian2TestWriter end() {
    return raw('Z');
  }

  /** {@code 'C'}: a class definition with its field names. */
  public Hessian2TestWriter classDef(String name, String... fields) {
    raw('C').string(name).intValue(fields.length);
    for (String field : fields) {
      string(field);
    }
    return this;
  }

  /** An object of class definition {@code index}: {@code 0x60+n} up to 15, else {@code 'O'}. */
  public Hessian2TestWriter object(int index) {
    return index <= 15 ? raw(0x60 + index) : raw('O').intValue(index);
  }

  /** An object in the long {@code 'O'} form whatever its index. */
  public Hessian2TestWriter longFormObject(int index) {
    return raw('O').intValue(index);
  }

  /** {@code 'Q'}: a reference to the {@code index}th object, list or map written. */
  public Hessian2TestWriter ref(int index) {
    return raw('Q').intValue(index);
  }

  private Hessian2TestWriter be(long value, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
    return this;
  }
}

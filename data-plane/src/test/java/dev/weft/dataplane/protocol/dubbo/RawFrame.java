package dev.weft.dataplane.protocol.dubbo;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;

/** A Dubbo frame read from a blocking socket by the raw test client and provider. */
record RawFrame(int flag, int status, long id, byte[] body) {

  /** The next frame, or null when the peer closed the connection between frames. */
  static RawFrame read(DataInputStream in) throws IOException {
    int magic;
    try {
      magic = in.readUnsignedShort();
    } catch (EOFException e) {
      return null;
    }
    if (magic != 0xdabb) {
      throw new IOException(String.format("bad magic 0x%04x", magic));
    }
    int flag = in.readUnsignedByte();
    int status = in.readUnsignedByte();
    long id = in.readLong();
    byte[] body = new byte[in.readInt()];
    in.readFully(body);
    return new RawFrame(flag, status, id, body);
  }

  byte[] bytes() {
    return DubboTestFrames.frame(flag, status, id, body);
  }

  boolean isEvent() {
    return (flag & 0x20) != 0;
  }

  boolean isRequest() {
    return (flag & 0x80) != 0;
  }

  boolean isTwoWay() {
    return (flag & 0x40) != 0;
  }

  int serialization() {
    return flag & 0x1f;
  }

  /** The value of a successful response. */
  String value() {
    return DubboTestFrames.responseValue(body);
  }

  /** The message of an error response. */
  String errorMessage() {
    return DubboTestFrames.errorMessage(body);
  }
}

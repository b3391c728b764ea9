package dev.weft.dataplane.protocol.bolt;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Bolt frames as byte arrays for tests, written from the wire-format reference independently of the
 * production codec: a builder for any frame and a blocking reader that checks the v2 CRC.
 */
public final class BoltWire {
  public static final int TYPE_RESPONSE = 0;
  public static final int TYPE_REQUEST = 1;
  public static final int TYPE_ONEWAY = 2;
  public static final int CMD_HEARTBEAT = 0;
  public static final int CMD_REQUEST = 1;
  public static final int CMD_RESPONSE = 2;

  private BoltWire() {}

  /**
   * A decoded frame. {@code timeoutOrStatus} is the timeout of a request, the status of a reply.
   */
  public record Frame(
      int version,
      int ver1,
      int type,
      int cmdCode,
      int ver2,
      int id,
      int codec,
      int switches,
      int timeoutOrStatus,
      String className,
      Map<String, String> headers,
      byte[] content,
      boolean crcPresent,
      boolean crcValid,
      int length) {

    public String text() {
      return new String(content, StandardCharsets.UTF_8);
    }

    public boolean isHeartbeat() {
      return cmdCode == CMD_HEARTBEAT;
    }

    public boolean isResponse() {
      return type == TYPE_RESPONSE;
    }

    public int status() {
      return timeoutOrStatus;
    }
  }

  public static Builder request(int id) {
    return new Builder().type(TYPE_REQUEST).cmdCode(CMD_REQUEST).id(id);
  }

  public static Builder heartbeat(int id) {
    return new Builder().type(TYPE_REQUEST).cmdCode(CMD_HEARTBEAT).id(id).timeout(-1);
  }

  public static Builder response(Frame request) {
    return new Builder()
        .version(request.version())
        .ver1(request.ver1())
        .switches(request.switches())
        .type(TYPE_RESPONSE)
        .cmdCode(request.isHeartbeat() ? CMD_HEARTBEAT : CMD_RESPONSE)
        .ver2(request.ver2())
        .codec(request.codec())
        .id(request.id());
  }

  /** Builds one frame. Defaults: v1, ver2 1, Hessian2, no timeout, no class/header/content. */
  public static final class Builder {
    private int version = 1;
    private int ver1 = 1;
    private int switches;
    private int type = TYPE_REQUEST;
    private int cmdCode = CMD_REQUEST;
    private int ver2 = 1;
    private int id;
    private int codec = 1;
    private int timeoutOrStatus = -1;
    private String className = "";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] content = new byte[0];

    public Builder version(int version) {
      this.version = version;
      return this;
    }

    /** Bolt v2 with {@code ver1} 2 and the CRC switch on or off. */
    public Builder v2(boolean crc) {
      this.version = 2;
      this.ver1 = 2;
      this.switches = crc ? 1 : 0;
      return this;
    }

    public Builder ver1(int ver1) {
      this.ver1 = ver1;
      return this;
    }

    public Builder switches(int switches) {
      this.switches = switches;
      return this;
    }

    public Builder type(int type) {
      this.type = type;
      return this;
    }

    public Builder oneway() {
      return type(TYPE_ONEWAY);
    }

    public Builder cmdCode(int cmdCode) {
      this.cmdCode = cmdCode;
      return this;
    }

    public Builder ver2(int ver2) {
      this.ver2 = ver2;
      return this;
    }

    public Builder id(int id) {
      this.id = id;
      return this;
    }

    public Builder codec(int codec) {
      this.codec = codec;
      return this;
    }

    public Builder timeout(int millis) {
      this.timeoutOrStatus = millis;
      return this;
    }

    public Builder status(int status) {
      this.timeoutOrStatus = status;
      return this;
    }

    public Builder className(String className) {
      this.className = className;
      return this;
    }

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** SOFA RPC's routing headers. */
    public Builder service(String service, String method) {
      return header("service", service).header("sofa_head_method_name", method);
    }

    public Builder content(String text) {
      return content(text.getBytes(StandardCharsets.UTF_8));
    }

    public Builder content(byte[] content) {
      this.content = content.clone();
      return this;
    }

    public byte[] bytes() {
      try {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        byte[] clazz = className.getBytes(StandardCharsets.UTF_8);
        byte[] header = headerBlock(headers);
        out.writeByte(version);
        if (version == 2) {
          out.writeByte(ver1);
        }
        out.writeByte(type);
        out.writeShort(cmdCode);
        out.writeByte(ver2);
        out.writeInt(id);
        out.writeByte(codec);
        if (version == 2) {
          out.writeByte(switches);
        }
        if (type == TYPE_RESPONSE) {
          out.writeShort(timeoutOrStatus == -1 ? 0 : timeoutOrStatus);
        } else {
          out.writeInt(timeoutOrStatus);
        }
        out.writeShort(clazz.length);
        out.writeShort(header.length);
        out.writeInt(content.length);
        out.write(clazz);
        out.write(header);
        out.write(content);
        if (version == 2 && ver1 == 2 && (switches & 1) != 0) {
          out.writeInt(crc(buffer.toByteArray()));
        }
        return buffer.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** SOFA RPC's header map encoding. */
  public static byte[] headerBlock(Map<String, String> headers) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(buffer);
    try {
      for (Map.Entry<String, String> entry : headers.entrySet()) {
        byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
        byte[] value = entry.getValue().getBytes(StandardCharsets.UTF_8);
        out.writeInt(key.length);
        out.write(key);
        out.writeInt(value.length);
        out.write(value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  public static int crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return (int) crc.getValue();
  }

  /** Parses exactly one whole frame. */
  public static Frame parse(byte[] bytes) {
    try {
      return read(new java.io.ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new IllegalArgumentException("not one bolt frame", e);
    }
  }

  /** Reads one frame, blocking. */
  public static Frame read(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    DataOutputStream copy = new DataOutputStream(seen);
    int version = in.readUnsignedByte();
    copy.writeByte(version);
    if (version != 1 && version != 2) {
      throw new IOException("not a bolt frame: protocol code " + version);
    }
    int ver1 = 0;
    if (version == 2) {
      ver1 = in.readUnsignedByte();
      copy.writeByte(ver1);
    }
    int type = in.readUnsignedByte();
    int cmdCode = in.readUnsignedShort();
    int ver2 = in.readUnsignedByte();
    int id = in.readInt();
    int codec = in.readUnsignedByte();
    copy.writeByte(type);
    copy.writeShort(cmdCode);
    copy.writeByte(ver2);
    copy.writeInt(id);
    copy.writeByte(codec);
    int switches = 0;
    if (version == 2) {
      switches = in.readUnsignedByte();
      copy.writeByte(switches);
    }
    int timeoutOrStatus;
    if (type == TYPE_RESPONSE) {
      timeoutOrStatus = in.readUnsignedShort();
      copy.writeShort(timeoutOrStatus);
    } else {
      timeoutOrStatus = in.readInt();
      copy.writeInt(timeoutOrStatus);
    }
    int classLength = in.readUnsignedShort();
    int headerLength = in.readUnsignedShort();
    int contentLength = in.readInt();
    copy.writeShort(classLength);
    copy.writeShort(headerLength);
    copy.writeInt(contentLength);
    byte[] clazz = in.readNBytes(classLength);
    byte[] header = in.readNBytes(headerLength);
    byte[] content = in.readNBytes(contentLength);
    if (clazz.length + header.length + content.length
        != classLength + headerLength + contentLength) {
      throw new java.io.EOFException("frame cut short");
    }
    copy.write(clazz);
    copy.write(header);
    copy.write(content);
    boolean crcPresent = version == 2 && ver1 == 2 && (switches & 1) != 0;
    boolean crcValid = true;
    int length = seen.size();
    if (crcPresent) {
      crcValid = in.readInt() == crc(seen.toByteArray());
      length += 4;
    }
    return new Frame(
        version,
        ver1,
        type,
        cmdCode,
        ver2,
        id,
        codec,
        switches,
        timeoutOrStatus,
        new String(clazz, StandardCharsets.UTF_8),
        parseHeaders(header),
        content,
        crcPresent,
        crcValid,
        length);
  }

  private static Map<String, String> parseHeaders(byte[] block) {
    Map<String, String> headers = new LinkedHashMap<>();
    ByteBuffer in = ByteBuffer.wrap(block);
    while (in.remaining() >= 8) {
      String key = string(in);
      String value = string(in);
      if (key != null && value != null) {
        headers.put(key, value);
      }
    }
    return headers;
  }

  private static String string(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Hex digits (spaces allowed) to bytes, for captures from the reference. */
  public static byte[] hex(String digits) {
    String clean = digits.replaceAll("\\s", "");
    byte[] bytes = new byte[clean.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }
}

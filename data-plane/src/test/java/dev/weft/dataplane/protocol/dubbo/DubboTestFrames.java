package dev.weft.dataplane.protocol.dubbo;

import dev.weft.dataplane.protocol.hessian.Hessian2Input;
import dev.weft.dataplane.protocol.hessian.Hessian2TestWriter;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Whole Dubbo frames and hessian2 request bodies for tests. */
public final class DubboTestFrames {
  private DubboTestFrames() {}

  public static final int TWO_WAY_HESSIAN2 = 0xc2;
  public static final int ONEWAY_HESSIAN2 = 0x82;
  public static final int RESPONSE_HESSIAN2 = 0x02;
  public static final int HEARTBEAT_REQUEST = 0xe2;
  public static final int HEARTBEAT_RESPONSE = 0x22;

  /** A frame: the 16-byte header, then {@code body}. */
  public static byte[] frame(int flag, int status, long id, byte[] body) {
    return ByteBuffer.allocate(16 + body.length)
        .putShort((short) 0xdabb)
        .put((byte) flag)
        .put((byte) status)
        .putLong(id)
        .putInt(body.length)
        .put(body)
        .array();
  }

  /** A call's body: the five leading fields, the arguments {@code args} writes, attachments. */
  public static byte[] requestBody(
      String service,
      String version,
      String method,
      String descriptor,
      Consumer<Hessian2TestWriter> args,
      Map<String, String> attachments) {
    Hessian2TestWriter w = new Hessian2TestWriter();
    w.string("2.0.2").string(service).string(version).string(method).string(descriptor);
    args.accept(w);
    w.stringMap(attachments);
    return w.toByteArray();
  }

  /** {@code service.method(String text)} with Dubbo's usual attachments, plus {@code extra}. */
  public static byte[] call(String service, String method, String text, Map<String, String> extra) {
    Map<String, String> attachments = new LinkedHashMap<>();
    attachments.put("path", service);
    attachments.put("remote.application", "consumer");
    attachments.put("interface", service);
    attachments.put("version", "1.0.0");
    attachments.put("timeout", "3000");
    attachments.putAll(extra);
    return requestBody(
        service, "1.0.0", method, "Ljava/lang/String;", w -> w.string(text), attachments);
  }

  /** A successful response carrying {@code value} and Dubbo's {@code {dubbo: 2.0.2}}. */
  public static byte[] valueResponseBody(String value) {
    return new Hessian2TestWriter()
        .raw(0x94) // RESPONSE_VALUE_WITH_ATTACHMENTS
        .string(value)
        .stringMap(Map.of("dubbo", "2.0.2"))
        .toByteArray();
  }

  public static byte[] heartbeatRequest(long id) {
    return frame(HEARTBEAT_REQUEST, 0, id, new byte[] {'N'});
  }

  /** Reads a hessian2 string that is the whole of {@code body} (an error message). */
  public static String errorMessage(byte[] body) {
    io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(body);
    Hessian2Input in = new Hessian2Input(buf, 0, body.length);
    String message = in.readString();
    if (!in.atEnd()) {
      throw new AssertionError("bytes after the error message");
    }
    return message;
  }

  /** The value of a response body written by {@link #valueResponseBody} or the codec. */
  public static String responseValue(byte[] body) {
    io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(body);
    Hessian2Input in = new Hessian2Input(buf, 0, body.length);
    int type = in.readInt();
    if (type != 1 && type != 4) {
      throw new AssertionError("response type " + type);
    }
    return in.readString();
  }

  /** The parameter descriptor of {@link #everyKindOfArgument}. */
  static final String EVERY_KIND_DESCRIPTOR =
      "IJDZLjava/util/Date;Ljava/lang/String;Ljava/lang/String;[B[BLjava/util/List;"
          + "Ljava/util/Map;Ldemo/Person;Ldemo/Person;Ldemo/Person;Ljava/lang/Object;[[I";

  /** Sixteen arguments covering every kind of value a Dubbo consumer sends. */
  static void everyKindOfArgument(Hessian2TestWriter w) {
    w.intValue(-70_000)
        .longValue(1L << 40)
        .doubleValue(3.25)
        .bool(true)
        .dateMillis(1_700_000_000_000L)
        .chunkedString("long text ✓ ".repeat(7_000), 0x8000) // 84 000 chars in three chunks
        .string("日本語 and 😀")
        .binary(new byte[300])
        .chunkedBinary(new byte[70_000], 0x8000);
    w.fixedList("java.util.ArrayList", 3).intValue(1).string("two").nul();
    w.map("java.util.HashMap").string("k").longValue(5).intValue(7).variableList().end().end();
    w.classDef("demo.Person", "name", "age", "friends")
        .object(0)
        .string("Ann")
        .intValue(41)
        .variableList("java.util.ArrayList")
        .object(0) // a second Person, nested, same definition
        .string("Bob")
        .intValue(39)
        .nul()
        .end();
    w.longFormObject(0).string("Cy").intValue(3).ref(0); // friends: a back reference
    w.ref(1);
    w.nul();
    w.fixedList("[[int", 2).fixedList("[int", 1).intValue(9).fixedListTypeRef(1, 0);
  }

  /** A call of {@code demo.PersonService.meet} with {@link #everyKindOfArgument}. */
  static byte[] richCall(Map<String, String> attachments) {
    return requestBody(
        "demo.PersonService",
        "2.1.0",
        "meet",
        EVERY_KIND_DESCRIPTOR,
        DubboTestFrames::everyKindOfArgument,
        attachments);
  }
}

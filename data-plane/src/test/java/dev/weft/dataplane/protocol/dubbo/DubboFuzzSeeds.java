package dev.weft.dataplane.protocol.dubbo;

import static dev.weft.dataplane.protocol.dubbo.DubboTestFrames.frame;

import dev.weft.dataplane.protocol.hessian.Hessian2ReaderTest;
import dev.weft.dataplane.protocol.hessian.Hessian2TestWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Realistic starting points for the fuzz tests: small, but with every structure in them. */
final class DubboFuzzSeeds {
  private DubboFuzzSeeds() {}

  static final String DESCRIPTOR =
      "IJDZLjava/lang/String;[BLjava/util/List;Ljava/util/Map;Ldemo/P;Ldemo/P;Ljava/lang/Object;";

  /** One argument of each kind, small: chunks, class definitions, objects, a reference. */
  static void arguments(Hessian2TestWriter w) {
    w.intValue(-70_000).longValue(1L << 40).doubleValue(3.25).bool(true);
    w.chunkedString("chunked ✓ text", 5).chunkedBinary(new byte[9], 4);
    w.variableList("java.util.ArrayList").intValue(1).string("two").nul().end();
    w.map().string("k").longValue(5).intValue(7).fixedList(0).end();
    w.classDef("demo.P", "name", "next").object(0).string("Ann").object(0).string("Bob").nul();
    w.longFormObject(0).string("Cy").ref(0);
    w.ref(1);
  }

  static byte[] body(Map<String, String> attachments) {
    return DubboTestFrames.requestBody(
        "demo.PService", "1.0.0", "meet", DESCRIPTOR, DubboFuzzSeeds::arguments, attachments);
  }

  static Map<String, String> attachments() {
    Map<String, String> attachments = new LinkedHashMap<>();
    attachments.put("path", "demo.PService");
    attachments.put("interface", "demo.PService");
    attachments.put("group", "blue");
    attachments.put("timeout", "3000");
    return attachments;
  }

  /** Whole frames, alone and in sequence, as a connection would carry them. */
  static List<byte[]> frames() {
    byte[] call = frame(0xc2, 0, -2, body(attachments()));
    byte[] oneway = frame(0x82, 0, 3, body(Map.of()));
    byte[] heartbeat = DubboTestFrames.heartbeatRequest(5);
    byte[] readonly = frame(0xa2, 0, 6, new byte[] {0x01, 'R'});
    byte[] response = frame(0x02, 20, -2, DubboTestFrames.valueResponseBody("hi"));
    byte[] error = frame(0x02, 60, 9, new byte[] {0x03, 'n', 'o', '!'});
    byte[] json = frame(0xc0 | 23, 0, 10, new byte[] {'{', '}'});
    byte[] empty = frame(0xc2, 0, 11, new byte[0]);
    List<byte[]> frames =
        new ArrayList<>(List.of(call, oneway, heartbeat, readonly, response, error, json, empty));
    frames.add(concat(call, heartbeat, oneway, call));
    return frames;
  }

  /** Hessian 2 bytes: every value form, and a whole request body. */
  static List<byte[]> hessian2() {
    List<byte[]> values = new ArrayList<>(Hessian2ReaderTest.everyValueForm());
    values.add(body(attachments()));
    return values;
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}

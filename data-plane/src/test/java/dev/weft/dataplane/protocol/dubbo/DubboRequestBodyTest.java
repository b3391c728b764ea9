package dev.weft.dataplane.protocol.dubbo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.dataplane.protocol.hessian.Hessian2Exception;
import dev.weft.dataplane.protocol.hessian.Hessian2TestWriter;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Realistic request bodies, written with the test encoder: the leading fields read as strings, and
 * the attachments found behind arguments of every kind without reading those arguments.
 */
class DubboRequestBodyTest {
  private static final String DESCRIPTOR = DubboTestFrames.EVERY_KIND_DESCRIPTOR;

  private static DubboRequestBody body(byte[] bytes) {
    return new DubboRequestBody(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
  }

  private static Map<String, String> attachments(byte[] bytes) {
    DubboRequestBody body = body(bytes);
    Map<String, String> found = new LinkedHashMap<>();
    body.attachments(body.leading(), found::put);
    return found;
  }

  @Test
  void readsTheLeadingFieldsAndTheAttachmentsBehindEveryKindOfArgument() {
    Map<String, String> sent = new LinkedHashMap<>();
    sent.put("path", "demo.PersonService");
    sent.put("interface", "demo.PersonService");
    sent.put("group", "blue");
    sent.put("timeout", "3000");
    sent.put("tag", "canary");
    byte[] bytes =
        DubboTestFrames.requestBody(
            "demo.PersonService",
            "2.1.0",
            "meet",
            DESCRIPTOR,
            DubboTestFrames::everyKindOfArgument,
            sent);

    DubboRequestBody.Leading leading = body(bytes).leading();
    assertThat(leading.dubboVersion()).isEqualTo("2.0.2");
    assertThat(leading.service()).isEqualTo("demo.PersonService");
    assertThat(leading.version()).isEqualTo("2.1.0");
    assertThat(leading.method()).isEqualTo("meet");
    assertThat(leading.descriptor()).isEqualTo(DESCRIPTOR);
    assertThat(DubboRequestBody.argumentCount(DESCRIPTOR)).isEqualTo(16);
    assertThat(attachments(bytes)).containsExactlyEntriesOf(sent);
  }

  @Test
  void attachmentsThatAreNotStringsAreSkipped() {
    Consumer<Hessian2TestWriter> args =
        w -> w.classDef("demo.Tag", "v").object(0).string("t"); // definition 0, in the arguments
    Hessian2TestWriter w = new Hessian2TestWriter();
    w.string("2.0.2").string("s").string("").string("m").string("Ldemo/Tag;");
    args.accept(w);
    w.map("java.util.HashMap")
        .string("retries")
        .intValue(2) // an int value
        .intValue(7)
        .string("int key")
        .string("obj")
        .object(0) // an object of the class the arguments defined
        .string("x")
        .string("group")
        .chunkedString("g1", 1)
        .end();
    assertThat(attachments(w.toByteArray())).containsExactly(Map.entry("group", "g1"));
  }

  @Test
  void aBodyWithoutAttachmentsOrWithANullMapHasNone() {
    Hessian2TestWriter noMap = new Hessian2TestWriter();
    noMap.string("2.0.2").string("s").string("1").string("m").string("I").intValue(1);
    assertThat(attachments(noMap.toByteArray())).isEmpty();

    Hessian2TestWriter nullMap = new Hessian2TestWriter();
    nullMap.string("2.0.2").string("s").nul().string("m").string("").nul();
    DubboRequestBody body = body(nullMap.toByteArray());
    assertThat(body.leading().version()).isNull();
    assertThat(attachments(nullMap.toByteArray())).isEmpty();
  }

  @Test
  void attachmentsBeforeAFaultAreKept() {
    Hessian2TestWriter w = new Hessian2TestWriter();
    w.string("2.0.2").string("s").string("1").string("m").string("");
    w.map().string("group").string("g").string("bad").raw(0x40).end();
    List<String> keys = new ArrayList<>();
    DubboRequestBody body = body(w.toByteArray());
    assertThatThrownBy(() -> body.attachments(body.leading(), (k, v) -> keys.add(k)))
        .isInstanceOf(Hessian2Exception.class);
    assertThat(keys).containsExactly("group");
  }

  @Test
  void aBodyThatDoesNotStartWithFiveStringsHasNoLeadingFields() {
    Hessian2TestWriter w = new Hessian2TestWriter().string("2.0.2").string("s").intValue(1);
    assertThatThrownBy(() -> body(w.toByteArray()).leading()).isInstanceOf(Hessian2Exception.class);
  }

  @Test
  void countsArgumentsInJvmDescriptors() {
    assertThat(DubboRequestBody.argumentCount("")).isZero();
    assertThat(DubboRequestBody.argumentCount(null)).isZero();
    assertThat(DubboRequestBody.argumentCount("Ljava/lang/String;")).isEqualTo(1);
    assertThat(DubboRequestBody.argumentCount("ZBCSIJFD")).isEqualTo(8);
    assertThat(DubboRequestBody.argumentCount("[I[[Ljava/lang/String;J")).isEqualTo(3);
    assertThat(
            DubboRequestBody.argumentCount(
                "Ljava/lang/String;[Ljava/lang/String;[Ljava/lang/Object;"))
        .isEqualTo(3); // $invoke, generic calls
    for (String bad : new String[] {"Ljava/lang/String", "V", "[", "Q", "I;"}) {
      assertThatThrownBy(() -> DubboRequestBody.argumentCount(bad))
          .as(bad)
          .isInstanceOf(Hessian2Exception.class);
    }
  }
}

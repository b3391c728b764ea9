package dev.weft.dataplane.protocol.bolt;

import static org.assertj.core.api.Assertions.assertThat;

import com.caucho.hessian.io.Hessian2Input;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the sidecar writes, read back by SOFA's own Hessian, the reader SOFA RPC clients use. */
class SofaHessianExceptionTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 31, 32, 1023, 1024, 0x8000, 0x8001, 70_000})
  void stringsOfEveryLengthReadBack(int length) throws IOException {
    String value = "é€x".repeat(length / 3 + 1).substring(0, length);
    ByteBuf out = Unpooled.buffer();
    try {
      SofaHessianException.writeString(out, value);
      assertThat(
              new Hessian2Input(new ByteArrayInputStream(ByteBufUtil.getBytes(out))).readString())
          .isEqualTo(value);
    } finally {
      out.release();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "no route for service 'a.B:1.0'", "über-long message ", "\u2603"})
  void theExceptionReadsBackWithItsMessage(String message) throws IOException {
    String full = message.endsWith(" ") ? message.repeat(3000) : message;
    ByteBuf out = Unpooled.buffer();
    try {
      SofaHessianException.write(out, full);
      assertThat(readWithSofaHessian(ByteBufUtil.getBytes(out)))
          .isEqualTo(Map.of("detailMessage", full));
    } finally {
      out.release();
    }
  }

  /**
   * Reads one object as a SOFA RPC client does. Bolt's exception class is not on this class path,
   * so SOFA's Hessian gives the object's fields as a map.
   */
  static Object readWithSofaHessian(byte[] body) throws IOException {
    Hessian2Input in = new Hessian2Input(new ByteArrayInputStream(body));
    Object value = in.readObject();
    assertThat(in.read()).as("bytes after the object").isEqualTo(-1);
    return value;
  }
}

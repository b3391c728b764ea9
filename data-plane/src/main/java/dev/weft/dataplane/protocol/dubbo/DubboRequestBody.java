package dev.weft.dataplane.protocol.dubbo;

import dev.weft.dataplane.protocol.hessian.Hessian2Exception;
import dev.weft.dataplane.protocol.hessian.Hessian2Input;
import dev.weft.dataplane.protocol.hessian.Hessian2Skipper;
import io.netty.buffer.ByteBuf;
import java.util.function.BiConsumer;

/**
 * Reads a hessian2 Dubbo request body in place: the five leading strings (dubbo version, service
 * path, service version, method, parameter descriptor), and, on request, the attachments map after
 * the arguments, which are skipped value by value and never copied.
 */
final class DubboRequestBody {
  /** The leading fields, in body order. */
  record Leading(
      String dubboVersion,
      String service,
      String version,
      String method,
      String descriptor,
      int argumentsStart) {}

  private final ByteBuf bytes;
  private final int start;
  private final int end;

  /** The body is {@code bytes} from {@code start} up to {@code end}. */
  DubboRequestBody(ByteBuf bytes, int start, int end) {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
  }

  /**
   * @throws Hessian2Exception when the body does not start with five strings
   */
  Leading leading() {
    Hessian2Input in = new Hessian2Input(bytes, start, end);
    String dubbo = in.readString();
    String service = in.readString();
    String version = in.readString();
    String method = in.readString();
    String descriptor = in.readString();
    return new Leading(dubbo, service, version, method, descriptor, in.position());
  }

  /**
   * Skips the arguments {@code leading.descriptor()} announces and hands each attachment whose key
   * and value are strings to {@code action}, in map order. A body that ends after the arguments, or
   * has a null map, has no attachments.
   *
   * @throws Hessian2Exception for malformed bytes; entries before the fault have been handed over
   */
  void attachments(Leading leading, BiConsumer<String, String> action) {
    Hessian2Input in = new Hessian2Input(bytes, leading.argumentsStart(), end);
    Hessian2Skipper skipper = new Hessian2Skipper(in);
    int arguments = argumentCount(leading.descriptor());
    for (int i = 0; i < arguments; i++) {
      skipper.skipValue();
    }
    if (in.atEnd()) {
      return;
    }
    int code = in.read();
    if (code == 'N') {
      return;
    }
    if (code == 'M') {
      int type = in.peek();
      if (Hessian2Input.isStringStart(type)) {
        in.skipString(in.read());
      } else {
        in.readInt();
      }
    } else if (code != 'H') {
      throw in.unexpected(code, "the attachments map");
    }
    while (in.peek() != 'Z') {
      String key = Hessian2Input.isStringStart(in.peek()) ? in.readString() : null;
      if (key == null) {
        skipper.skipValue();
      }
      String value = Hessian2Input.isStringStart(in.peek()) ? in.readString() : null;
      if (value == null) {
        skipper.skipValue();
      }
      if (key != null && value != null) {
        action.accept(key, value);
      }
    }
  }

  /**
   * How many arguments a JVM parameter descriptor such as {@code Ljava/lang/String;[IJ} names.
   *
   * @throws Hessian2Exception for a malformed descriptor
   */
  static int argumentCount(String descriptor) {
    if (descriptor == null) {
      return 0;
    }
    int count = 0;
    int i = 0;
    int length = descriptor.length();
    while (i < length) {
      char c = descriptor.charAt(i);
      while (c == '[' && i + 1 < length) {
        c = descriptor.charAt(++i);
      }
      if (c == 'L') {
        int semicolon = descriptor.indexOf(';', i);
        if (semicolon < 0) {
          throw new Hessian2Exception("unterminated class in descriptor " + descriptor);
        }
        i = semicolon + 1;
      } else if ("ZBCSIJFD".indexOf(c) >= 0) {
        i++;
      } else {
        throw new Hessian2Exception("bad parameter descriptor " + descriptor);
      }
      count++;
    }
    return count;
  }
}

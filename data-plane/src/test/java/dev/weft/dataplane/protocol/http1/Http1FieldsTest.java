package dev.weft.dataplane.protocol.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.dataplane.protocol.HeaderMap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A parsed head's fields as a {@link HeaderMap}, and how changes to them are written out. */
class Http1FieldsTest {
  private static final String HEAD =
      "GET / HTTP/1.1\r\nHost: a\r\nX-Multi: 1\r\nx-multi: 2\r\nCookie: c=\u00e9\r\n\r\n";

  private static String encode(Http1RequestHead head) {
    ByteBuf out = Unpooled.buffer();
    head.fields.encode(out, 0, true);
    String text = out.toString(StandardCharsets.ISO_8859_1);
    out.release();
    return text;
  }

  @Test
  void namesAreCaseInsensitiveAndValuesAreLatin1Strings() {
    HeaderMap fields = Http1TestHeads.request(HEAD).headers();

    assertThat(fields.get("x-MULTI")).isEqualTo("1");
    assertThat(fields.getAll("X-Multi")).containsExactly("1", "2");
    assertThat(fields.get("cookie")).isEqualTo("c=\u00e9");
    assertThat(fields.contains("absent")).isFalse();
    assertThat(fields.size()).isEqualTo(4);
    assertThat(fields.entries())
        .containsExactly(
            Map.entry("Host", "a"),
            Map.entry("X-Multi", "1"),
            Map.entry("x-multi", "2"),
            Map.entry("Cookie", "c=\u00e9"));
  }

  @Test
  void anUnchangedSectionIsWrittenAsReceived() {
    assertThat(encode(Http1TestHeads.request(HEAD))).isEqualTo(HEAD);
  }

  @Test
  void removedFieldsAreSkippedAndAddedOnesAppended() {
    Http1RequestHead head = Http1TestHeads.request(HEAD);

    assertThat(head.headers().remove("X-MULTI")).isTrue();
    assertThat(head.headers().remove("x-multi")).isFalse();
    head.headers().add("X-New", "n");
    head.headers().set("Host", "b");
    head.headers().add("X-New", "m");
    head.headers().remove("x-new");
    head.headers().add("Cookie", "d=\u00e9");

    assertThat(head.headers().getAll("cookie")).containsExactly("c=\u00e9", "d=\u00e9");
    assertThat(head.headers().size()).isEqualTo(3);
    assertThat(encode(head))
        .isEqualTo("GET / HTTP/1.1\r\nCookie: c=\u00e9\r\nHost: b\r\nCookie: d=\u00e9\r\n\r\n");
  }

  @Test
  void fieldsBeyondTheSixtyFourthCanBeRemovedToo() {
    StringBuilder wire = new StringBuilder("GET / HTTP/1.1\r\n");
    for (int i = 0; i < 150; i++) {
      wire.append("X-").append(i % 3).append(": ").append(i).append("\r\n");
    }
    Http1RequestHead head = Http1TestHeads.request(wire.append("\r\n").toString());

    head.headers().remove("x-1");

    assertThat(head.headers().size()).isEqualTo(100);
    assertThat(head.headers().getAll("X-1")).isEmpty();
    assertThat(head.headers().getAll("X-2")).hasSize(50).endsWith("149");
    assertThat(encode(head)).doesNotContain("X-1:").contains("X-2: 149\r\n\r\n");
  }

  @Test
  void addedFieldsCannotSmuggleLineBreaksOrBadNames() {
    HeaderMap fields = Http1TestHeads.request(HEAD).headers();

    assertThatThrownBy(() -> fields.set("X-A", "v\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fields.add("X A", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fields.add("", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Http1TestHeads.request(HEAD).setPath("/a b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(fields.size()).isEqualTo(4);
  }

  @Test
  void hopByHopFieldsAndThoseConnectionNamesAreStripped() {
    Http1RequestHead head =
        Http1TestHeads.request(
            "GET / HTTP/1.1\r\nConnection: close, X-Private\r\nX-Private: p\r\nKeep-Alive: 5\r\n"
                + "Upgrade: h2c\r\nTE: trailers\r\nProxy-Connection: x\r\nX-Kept: k\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");

    head.fields.stripHopByHop(true);

    assertThat(head.headers().entries())
        .containsExactly(Map.entry("X-Kept", "k"), Map.entry("Transfer-Encoding", "chunked"));
    head.fields.stripHopByHop(false);
    assertThat(head.headers().entries()).containsExactly(Map.entry("X-Kept", "k"));

    head.headers().add("X-Later", "l");
    head.headers().add("Connection", "x-later, X-Kept, close");
    head.fields.stripHopByHop(true);
    assertThat(head.headers().size()).isZero();
  }

  @Test
  void framingFactsComeFromTheFields() {
    Http1RequestHead chunked =
        Http1TestHeads.request("POST / HTTP/1.1\r\ntransfer-encoding: Chunked\r\n\r\n");
    Http1RequestHead sized =
        Http1TestHeads.request("POST / HTTP/1.1\r\nContent-Length: 042\r\nExpect: x\r\n\r\n");
    Http1ResponseHead closing =
        Http1TestHeads.response("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\n\r\n");
    Http1ResponseHead old =
        Http1TestHeads.response("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n");

    assertThat(chunked.chunked).isTrue();
    assertThat(chunked.contentLength).isEqualTo(-1);
    assertThat(sized.contentLength).isEqualTo(42);
    assertThat(sized.expect).isTrue();
    assertThat(closing.keepAlive()).isFalse();
    assertThat(old.keepAlive()).isTrue();
    assertThat(Http1TestHeads.response("HTTP/1.0 200 OK\r\n\r\n").keepAlive()).isFalse();
  }

  @Test
  void aPathPrefixIsComparedOnTheReceivedBytesAndOnAChangedPath() {
    Http1RequestHead head = Http1TestHeads.request("GET /api/items?x=1 HTTP/1.1\r\n\r\n");

    assertThat(head.pathStartsWith("/")).isTrue();
    assertThat(head.pathStartsWith("/api/it")).isTrue();
    assertThat(head.pathStartsWith("/api/\u00e9")).isFalse();
    assertThat(head.pathStartsWith("/api/items?x=1&more")).isFalse();
    assertThat(head.pathStartsWith("")).isTrue();

    head.setPath("/v2/items");
    assertThat(head.pathStartsWith("/v2/")).isTrue();
    assertThat(head.pathStartsWith("/api")).isFalse();
  }
}

package dev.weft.dataplane.protocol.http2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.protocol.http1.Http1TestHeads;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;

/** Heads crossing between HTTP/1 and HTTP/2, and the HTTP/2 head accessors. */
class Http2ConversionTest {

  @Test
  void anHttp1RequestBecomesHttp2HeadersWithoutConnectionSpecificFields() {
    String wire =
        "POST /orders?id=7 HTTP/1.1\r\n"
            + "Host: shop.example:8080\r\n"
            + "Connection: keep-alive, X-Hop\r\n"
            + "Keep-Alive: timeout=5\r\n"
            + "X-Hop: dropped\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "TE: trailers, deflate\r\n"
            + "Content-Type: application/json\r\n"
            + "X-Multi: a\r\n"
            + "X-Multi: b\r\n"
            + "\r\n";

    Http2Headers headers = Http2Conversion.request(Http1TestHeads.request(wire));

    assertThat(headers.method().toString()).isEqualTo("POST");
    assertThat(headers.path().toString()).isEqualTo("/orders?id=7");
    assertThat(headers.scheme().toString()).isEqualTo("http");
    assertThat(headers.authority().toString()).isEqualTo("shop.example:8080");
    assertThat(headers.get("te").toString()).isEqualTo("trailers");
    assertThat(headers.get("content-type").toString()).isEqualTo("application/json");
    assertThat(headers.getAll("x-multi")).hasSize(2);
    for (String gone :
        new String[] {"host", "connection", "keep-alive", "x-hop", "transfer-encoding"}) {
      assertThat(headers.contains(gone)).as(gone).isFalse();
    }
    headers.forEach(e -> assertThat(e.getKey().toString()).isLowerCase());
  }

  @Test
  void anHttp1ResponseAndTrailersBecomeHttp2Headers() {
    Http2Headers headers =
        Http2Conversion.response(
            Http1TestHeads.response(
                "HTTP/1.1 201 Created\r\nContent-Length: 12\r\nConnection: close\r\n\r\n"));
    Http2Headers trailers =
        Http2Conversion.trailers(Http1TestHeads.trailers("Grpc-Status: 0\r\n\r\n"));

    assertThat(headers.status().toString()).isEqualTo("201");
    assertThat(headers.get("content-length").toString()).isEqualTo("12");
    assertThat(headers.contains("connection")).isFalse();
    assertThat(trailers.get("grpc-status").toString()).isEqualTo("0");
  }

  @Test
  void http2HeadsExposePseudoHeadersAsAccessorsOnly() {
    Http2Headers headers =
        new DefaultHttp2Headers()
            .method("GET")
            .path("/a")
            .scheme("https")
            .authority("svc")
            .add("x-one", "1");
    Http2RequestHead head = new Http2RequestHead(headers);

    head.setPath("/b");
    head.setAuthority("other");
    head.headers().add("X-Two", "2");

    assertThat(head.path()).isEqualTo("/b");
    assertThat(head.authority()).isEqualTo("other");
    assertThat(head.scheme()).isEqualTo("https");
    assertThat(head.headers().size()).isEqualTo(2);
    assertThat(head.headers().entries())
        .extracting(e -> e.getKey())
        .containsExactly("x-one", "x-two");
    assertThat(head.headers().get("X-ONE")).isEqualTo("1");
    assertThat(Http2Conversion.request(head)).isSameAs(headers);
    assertThat(new Http2ResponseHead(new DefaultHttp2Headers().status("404")).status())
        .isEqualTo(404);
  }
}

package dev.weft.dataplane.protocol.http2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.protocol.http1.Http1Headers;
import dev.weft.dataplane.protocol.http1.Http1RequestHead;
import dev.weft.dataplane.protocol.http1.Http1ResponseHead;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;

/** Heads crossing between HTTP/1 and HTTP/2, and the HTTP/2 head accessors. */
class Http2ConversionTest {

  @Test
  void anHttp1RequestBecomesHttp2HeadersWithoutConnectionSpecificFields() {
    HttpRequest request =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/orders?id=7");
    request
        .headers()
        .add("Host", "shop.example:8080")
        .add("Connection", "keep-alive, X-Hop")
        .add("Keep-Alive", "timeout=5")
        .add("X-Hop", "dropped")
        .add("Transfer-Encoding", "chunked")
        .add("TE", "trailers, deflate")
        .add("Content-Type", "application/json")
        .add("X-Multi", "a")
        .add("X-Multi", "b");

    Http2Headers headers = Http2Conversion.request(new Http1RequestHead(request));

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
    HttpResponse response =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CREATED);
    response.headers().add("Content-Length", "12").add("Connection", "close");

    Http2Headers headers = Http2Conversion.response(new Http1ResponseHead(response));
    Http2Headers trailers =
        Http2Conversion.trailers(
            new Http1Headers(new DefaultHttpHeaders().add("Grpc-Status", "0")));

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

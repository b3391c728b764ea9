package dev.weft.dataplane.protocol.http1;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Well-formed HTTP/1 requests and responses of many shapes, for the differential and fuzz tests.
 */
final class Http1Corpus {
  private Http1Corpus() {}

  static Stream<String> requests() {
    String[] methods = {"GET", "POST", "PUT", "DELETE", "OPTIONS", "M-SEARCH", "get"};
    String[] targets = {
      "/", "/a/b?c=d&e=%20f", "*", "http://example.com:8080/x?y", "/caf\u00e9", "/~!$&'()*+,;=:@"
    };
    String[] fieldSets = {
      "",
      "Host: a\r\n",
      "Host: example.com\r\nUser-Agent: wrk\r\nAccept: */*\r\n",
      "X-A:b\r\nX-B:   spaced   \r\nX-C:\tt\tab\t\r\nX-Empty:\r\nX-Blank:   \r\n",
      "X-Latin: caf\u00e9 \u00ff\r\nX-Dup: 1\r\nx-dup: 2\r\nX-Symbols: !#$%&'*+-.^_`|~\r\n",
      "Connection: close\r\nKeep-Alive: timeout=5\r\n",
      "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQ\r\n",
      "Expect: 100-continue\r\nTE: trailers\r\n",
      many(20),
    };
    String[] bodies = {
      "\r\n",
      "Content-Length: 0\r\n\r\n",
      "Content-Length: 5\r\n\r\nhello",
      "content-length:  007 \r\n\r\nseven!!",
      "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
      "Transfer-Encoding: CHUNKED\r\n\r\n1\r\na\r\nA\r\n0123456789\r\n00003\r\nxyz\r\n0\r\n\r\n",
      "transfer-encoding:  chunked \r\n\r\n3;ext=1\r\nabc\r\n2 ;a=\"q s\";b\r\nde\r\n0;last\r\n\r\n",
      "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\nGrpc-Status: 0\r\n\r\n",
      "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nContent-Length: 9\r\nX-Kept: y\r\n\r\n",
    };
    List<String> out = new ArrayList<>();
    int i = 0;
    for (String fields : fieldSets) {
      for (String body : bodies) {
        String method = methods[i % methods.length];
        String target = targets[i % targets.length];
        out.add(method + " " + target + " HTTP/1.1\r\n" + fields + body);
        i++;
      }
    }
    out.add("GET /old HTTP/1.0\r\nHost: a\r\n\r\n");
    out.add("POST /old HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok");
    out.add("\r\nGET /after-crlf HTTP/1.1\r\n\r\n");
    out.add("\r\n\r\n\r\nGET /after-crlfs HTTP/1.1\r\nHost: a\r\n\r\n");
    out.add(
        "GET /1 HTTP/1.1\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
            + "PUT /3 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n"
            + "\r\nGET /4 HTTP/1.1\r\n\r\n");
    return out.stream();
  }

  static String many(int count) {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < count; i++) {
      fields.append("X-Field-").append(i).append(": value ").append(i).append("\r\n");
    }
    return fields.toString();
  }

  static Stream<Arguments> responses() {
    return Stream.of(
        response("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", "GET"),
        response("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n", "GET"),
        response("HTTP/1.1 201 \r\nContent-Length: 1\r\n\r\nx", "POST"),
        response("HTTP/1.1 404\r\nContent-Length: 2\r\n\r\nno", "GET"),
        response("HTTP/1.1 200 A reason with spaces\r\n\r\nuntil the close", "GET"),
        response("HTTP/1.0 200 OK\r\n\r\nold style", "GET"),
        response("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nka", "GET"),
        response("HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\n", "DELETE"),
        response("HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n", "GET"),
        response("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", "HEAD"),
        response(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\none,\r\n4\r\ntwo,\r\n5\r\nthree\r\n0\r\nGrpc-Status: 0\r\n\r\n",
            "POST"),
        response(
            "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </a>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            "POST"),
        response(
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"
                + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nc\r\n0\r\n\r\n",
            "GET",
            "HEAD",
            "GET"));
  }

  static Arguments response(String wire, String... methods) {
    return Arguments.of(wire, List.of(methods));
  }
}

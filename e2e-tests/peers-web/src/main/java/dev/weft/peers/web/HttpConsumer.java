package dev.weft.peers.web;

import dev.weft.peers.common.Args;
import dev.weft.peers.common.CallLoop;
import dev.weft.peers.common.ControlServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * An HTTP app that calls a service through its sidecar: {@code GET http://<target>/echo/<token>}
 * with {@code Host: <service>}, which the sidecar's egress routes on (HTTP/1.1, keep-alive), in its
 * {@link CallLoop}: from the start with {@code --loop-rate N}, else once {@code GET
 * /loop/start?rate=N} on its control port asks. A reply other than 200 is an error named {@code
 * http<status>}.
 */
final class HttpConsumer {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private HttpConsumer() {}

  static void run(Args args) throws IOException {
    String name = args.get("name", "http-consumer");
    String target = args.require("target");
    String service = args.require("service");
    int controlPort = Integer.parseInt(args.require("control-port"));
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    CallLoop loop =
        CallLoop.of(args, name, token -> call(client, target, service, token), HttpConsumer::kind);
    ControlServer.start(controlPort, loop.handlers(Map.of()));
    System.out.println("READY http-consumer " + name + " target=" + target + " service=" + service);
  }

  private static String call(HttpClient client, String target, String service, String token)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://" + target + HttpProvider.PATH + token))
                .header("Host", service)
                .timeout(TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new HttpStatusException(response.statusCode(), response.body());
    }
    return response.body();
  }

  static String kind(Throwable error) {
    if (error instanceof HttpStatusException status) {
      return "http" + status.status;
    }
    if (error instanceof HttpTimeoutException) {
      return "timeout";
    }
    return error.getClass().getSimpleName();
  }

  /** An answer other than 200. */
  static final class HttpStatusException extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpStatusException(int status, String body) {
      super("HTTP " + status + ": " + body);
      this.status = status;
    }
  }
}

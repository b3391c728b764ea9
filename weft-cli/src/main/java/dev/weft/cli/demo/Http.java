package dev.weft.cli.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The demo's HTTP calls to what it started, all on 127.0.0.1 and asynchronous: admin APIs, mesh
 * agents, the consumers' counters.
 */
final class Http {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** {@code GET http://127.0.0.1:<port><path>}: the body of a 200, else a failed future. */
  CompletableFuture<String> get(int port, String path) {
    return send(HttpRequest.newBuilder(uri(port, path)).timeout(TIMEOUT).GET().build());
  }

  /** Whether {@code GET} answers 200; false for any other answer or failure. */
  CompletableFuture<Boolean> ok(int port, String path) {
    return get(port, path).handle((body, error) -> error == null);
  }

  /** {@code POST} of a JSON body: the body of a 200, else a failed future. */
  CompletableFuture<String> post(int port, String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(port, path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private CompletableFuture<String> send(HttpRequest request) {
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new DemoException(
                    request.method()
                        + " "
                        + request.uri()
                        + " answered "
                        + response.statusCode()
                        + ": "
                        + response.body().strip());
              }
              return response.body();
            });
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}

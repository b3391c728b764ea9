package dev.weft.testing.etcd;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Put and get through etcd's JSON gateway, so the fixture's tests need no etcd client library. */
final class EtcdHttp {
  private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*\"([A-Za-z0-9+/=]*)\"");
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  void put(URI member, String key, String value) throws IOException, InterruptedException {
    HttpResponse<String> response =
        post(
            member,
            "/v3/kv/put",
            "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}");
    if (response.statusCode() != 200) {
      throw new IOException("put " + key + " at " + member + ": " + response.body());
    }
  }

  Optional<String> get(URI member, String key) throws IOException, InterruptedException {
    HttpResponse<String> response = post(member, "/v3/kv/range", "{\"key\":\"" + b64(key) + "\"}");
    if (response.statusCode() != 200) {
      throw new IOException("get " + key + " at " + member + ": " + response.body());
    }
    Matcher value = VALUE.matcher(response.body());
    return value.find()
        ? Optional.of(
            new String(Base64.getDecoder().decode(value.group(1)), StandardCharsets.UTF_8))
        : Optional.empty();
  }

  private HttpResponse<String> post(URI member, String path, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(member.resolve(path))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}

package dev.weft.cli.demo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Map;
import java.util.TreeMap;

/**
 * A demo consumer's counters since it started, as its control port serves them ({@code GET /stats},
 * peers-common's {@code CallLoop}): calls made, correct answers, failures (errors and wrong
 * answers), the answers per provider, and the last failure.
 */
public record ConsumerStats(
    long calls, long ok, long failures, Map<String, Long> answers, String lastError) {
  /** Before the first reading. */
  public static final ConsumerStats NONE = new ConsumerStats(0, 0, 0, Map.of(), null);

  public ConsumerStats {
    answers = Map.copyOf(answers);
  }

  /**
   * Parses a {@code /stats} body.
   *
   * @throws IllegalArgumentException when it is not the JSON object the loop serves
   */
  public static ConsumerStats parse(String json) {
    try {
      JsonObject root = JsonParser.parseString(json).getAsJsonObject();
      Map<String, Long> answers = new TreeMap<>();
      for (Map.Entry<String, JsonElement> answer : root.getAsJsonObject("answers").entrySet()) {
        answers.put(answer.getKey(), answer.getValue().getAsLong());
      }
      JsonElement lastError = root.get("lastError");
      return new ConsumerStats(
          root.get("calls").getAsLong(),
          root.get("ok").getAsLong(),
          root.get("errors").getAsLong() + root.get("mismatches").getAsLong(),
          answers,
          lastError == null || lastError.isJsonNull() ? null : lastError.getAsString());
    } catch (JsonParseException | IllegalStateException | NullPointerException e) {
      throw new IllegalArgumentException("not a consumer's /stats: " + json, e);
    }
  }

  /** How many answers {@code provider} gave. */
  public long answeredBy(String provider) {
    return answers.getOrDefault(provider, 0L);
  }
}

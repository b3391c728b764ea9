package dev.weft.dataplane.config.mosn;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.weft.dataplane.config.ConfigError;
import dev.weft.dataplane.config.ConfigException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JSON files strictly, as Go's {@code encoding/json} does (no comments, no trailing commas),
 * and reports a syntax error by line and column.
 */
final class JsonFiles {
  private static final Pattern POSITION = Pattern.compile(" at line (\\d+) column (\\d+)");

  private JsonFiles() {}

  /**
   * The JSON document in {@code file}.
   *
   * @param source how the user wrote the file's name; every error names it
   */
  static JsonElement read(Path file, String source) {
    if (Files.isDirectory(file)) {
      throw fail(source, "", "is a directory, expected a JSON file");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw fail(source, "", "no such file");
    } catch (AccessDeniedException e) {
      throw fail(source, "", "cannot read the file: permission denied");
    } catch (CharacterCodingException e) {
      throw fail(source, "", "cannot read the file: it is not UTF-8 text");
    } catch (IOException e) {
      throw fail(source, "", "cannot read the file: " + e.getMessage());
    }
    return parse(text, source);
  }

  /** Parses one JSON document; anything after it is an error. */
  static JsonElement parse(String text, String source) {
    JsonReader reader = new JsonReader(new StringReader(text));
    reader.setStrictness(Strictness.STRICT);
    JsonElement root;
    try {
      root = JsonParser.parseReader(reader);
    } catch (JsonParseException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw syntaxError(source, String.valueOf(cause.getMessage()), null);
    }
    if (root.isJsonNull() && text.isBlank()) {
      throw fail(source, "", "the file is empty, expected a JSON object");
    }
    String trailing = "more text after the end of the JSON document";
    try {
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw syntaxError(source, reader.toString(), trailing);
      }
    } catch (IOException e) {
      throw syntaxError(source, String.valueOf(e.getMessage()), trailing);
    }
    return root;
  }

  /**
   * Turns Gson's "Expected ':' at line 3 column 12 path $.x" into "line 3, column 12: ...".
   *
   * @param reason replaces Gson's own reason when not null
   */
  private static ConfigException syntaxError(String source, String gsonMessage, String reason) {
    String firstLine = gsonMessage.lines().findFirst().orElse("");
    Matcher position = POSITION.matcher(firstLine);
    if (!position.find()) {
      return fail(source, "", "invalid JSON: " + (reason != null ? reason : firstLine));
    }
    if (reason == null) {
      reason = firstLine.substring(0, position.start());
    }
    if (reason.contains("setStrictness") || reason.contains("setLenient")) {
      reason =
          "malformed JSON (comments, single quotes, unquoted names and trailing commas are not JSON)";
    } else if (reason.startsWith("End of input")) {
      reason = "the document ends too early (an unclosed { or [?)";
    }
    String where = "line " + position.group(1) + ", column " + position.group(2);
    return fail(source, where, "invalid JSON: " + lowerFirst(reason));
  }

  private static String lowerFirst(String text) {
    if (text.isEmpty() || (text.length() > 1 && Character.isUpperCase(text.charAt(1)))) {
      return text;
    }
    return Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }

  static ConfigException fail(String source, String path, String message) {
    return new ConfigException(new ConfigError(source, path, message));
  }
}

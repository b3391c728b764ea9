package dev.weft.registry.agent;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the fields of SOFA RPC's request bodies. Unknown fields are ignored and {@code null} reads
 * as absent, as SOFA RPC sends {@code "group":null}; a field of the wrong kind is a {@link
 * BadRequestException} naming it.
 */
final class JsonFields {
  private static final Gson STRICT = new GsonBuilder().setStrictness(Strictness.STRICT).create();
  private static final int MAX_SHOWN = 60;

  private JsonFields() {}

  /** The body as a JSON object. */
  static JsonObject object(String body) {
    JsonElement parsed;
    try {
      parsed = STRICT.fromJson(body, JsonElement.class);
    } catch (JsonParseException e) {
      throw new BadRequestException("body", "a JSON object", "invalid JSON (" + reason(e) + ")");
    }
    if (parsed == null) {
      throw new BadRequestException("body", "a JSON object", "nothing");
    }
    if (!parsed.isJsonObject()) {
      throw new BadRequestException("body", "a JSON object", describe(parsed));
    }
    return parsed.getAsJsonObject();
  }

  /** A string that is not blank. */
  static String requiredString(JsonObject object, String path, String name) {
    String value = optionalString(object, path, name);
    if (value == null || value.isBlank()) {
      throw new BadRequestException(
          field(path, name),
          "a non-blank string",
          value == null ? describe(object.get(name)) : "'" + value + "'");
    }
    return value;
  }

  /** A string, or null when absent or null. */
  static String optionalString(JsonObject object, String path, String name) {
    JsonElement value = object.get(name);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new BadRequestException(field(path, name), "a string", describe(value));
    }
    return value.getAsString();
  }

  /** An object, or an empty one when absent or null. */
  static JsonObject optionalObject(JsonObject object, String path, String name) {
    JsonElement value = object.get(name);
    if (value == null || value.isJsonNull()) {
      return new JsonObject();
    }
    if (!value.isJsonObject()) {
      throw new BadRequestException(field(path, name), "a JSON object", describe(value));
    }
    return value.getAsJsonObject();
  }

  /**
   * The object's members as strings, sorted: strings as they are, numbers and booleans as written;
   * {@code null} members are left out, nested objects and arrays refused.
   */
  static Map<String, String> strings(JsonObject object, String path) {
    Map<String, String> values = new TreeMap<>();
    for (Map.Entry<String, JsonElement> member : object.entrySet()) {
      JsonElement value = member.getValue();
      if (value.isJsonNull()) {
        continue;
      }
      if (!value.isJsonPrimitive()) {
        throw new BadRequestException(
            field(path, member.getKey()), "a string, number or boolean", describe(value));
      }
      values.put(member.getKey(), value.getAsString());
    }
    return values;
  }

  static String field(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** A short description of what was sent instead. */
  static String describe(JsonElement value) {
    if (value == null) {
      return "nothing";
    }
    if (value.isJsonNull()) {
      return "null";
    }
    if (value.isJsonObject()) {
      return "an object";
    }
    if (value.isJsonArray()) {
      return "an array";
    }
    JsonPrimitive primitive = value.getAsJsonPrimitive();
    String text = primitive.isString() ? "'" + primitive.getAsString() + "'" : primitive.toString();
    return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
  }

  private static String reason(JsonParseException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message = String.valueOf(cause.getMessage());
    int see = message.indexOf("\nSee ");
    return see < 0 ? message : message.substring(0, see);
  }
}

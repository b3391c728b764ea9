package dev.weft.dataplane.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;
import java.util.Set;

/**
 * The one place where {@code config_dump} hides secrets, applied to the whole dump after it is
 * built so that any part added later (listener or cluster {@code tls_context}, SDS) is covered
 * without remembering to call anything.
 *
 * <p>Redacted keys, wherever they appear: MOSN's TLS {@code private_key} (inline PEM or a path;
 * both are hidden) and {@code ticket} (the session ticket key).
 */
final class Secrets {
  static final String REDACTED = "[redacted]";
  static final Set<String> KEYS = Set.of("private_key", "ticket");

  private Secrets() {}

  /** Replaces, in place, every non-empty value of a secret key in {@code tree}. */
  static void redact(JsonElement tree) {
    if (tree instanceof JsonObject object) {
      for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
        if (KEYS.contains(entry.getKey()) && !isEmpty(entry.getValue())) {
          entry.setValue(new JsonPrimitive(REDACTED));
        } else {
          redact(entry.getValue());
        }
      }
    } else if (tree instanceof JsonArray array) {
      array.forEach(Secrets::redact);
    }
  }

  private static boolean isEmpty(JsonElement value) {
    return value.isJsonNull() || (value.isJsonPrimitive() && value.getAsString().isEmpty());
  }
}

package dev.weft.dataplane.config.mosn;

import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.HeaderMutations.HeaderValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MOSN's header lists, on routers, virtual hosts and routes: {@code request_headers_to_add} items
 * are {@code {"header": {"key", "value"}, "append": bool}} (append defaults to true, as in MOSN);
 * {@code *_to_remove} are lists of names.
 */
final class HeaderLists {
  static final Set<String> KEYS =
      Set.of(
          "request_headers_to_add",
          "request_headers_to_remove",
          "response_headers_to_add",
          "response_headers_to_remove");
  private static final Pattern VARIABLE = Pattern.compile("%.+%");

  private HeaderLists() {}

  static HeaderMutations request(ConfigNode node, LoadState state) {
    return mutations(node, "request", state);
  }

  static HeaderMutations response(ConfigNode node, LoadState state) {
    return mutations(node, "response", state);
  }

  private static HeaderMutations mutations(ConfigNode node, String direction, LoadState state) {
    List<HeaderValue> add = new ArrayList<>();
    for (ConfigNode option : node.array(direction + "_headers_to_add")) {
      state.checkKeys(option, Set.of("header", "append"), Map.of());
      ConfigNode header = option.require("header");
      state.checkKeys(header, Set.of("key", "value"), Map.of());
      String value = header.string("value", "");
      if (VARIABLE.matcher(value).find()) {
        throw header.error(
            "value", "not supported by Weft: variables in header values (" + value + ")");
      }
      add.add(new HeaderValue(header.nonEmptyString("key"), value, option.bool("append", true)));
    }
    List<String> remove = new ArrayList<>();
    for (ConfigNode name : node.array(direction + "_headers_to_remove")) {
      String text = name.asString();
      if (text.isBlank()) {
        throw name.error("expected a header name, got \"\"");
      }
      remove.add(text);
    }
    return add.isEmpty() && remove.isEmpty()
        ? HeaderMutations.NONE
        : new HeaderMutations(add, remove);
  }
}

package dev.weft.dataplane.xds.translate;

import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.HeaderMutations.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Header additions and removals ({@code *_headers_to_add} and {@code *_headers_to_remove}) as
 * Weft's {@link HeaderMutations}. Values are literal: Envoy's {@code %VARIABLE%} formatters are
 * refused ({@code %%} is a literal {@code %}).
 */
final class Headers {
  private static final Set<String> OPTION =
      Set.of("header", "append", "append_action", "keep_empty_value");
  private static final Set<String> VALUE = Set.of("key", "value", "raw_value");

  private Headers() {}

  /**
   * The mutations of one level (a route, a virtual host, a route table), read from fields {@code
   * <direction>_headers_to_add} and {@code <direction>_headers_to_remove} at {@code path}.
   */
  static HeaderMutations mutations(
      List<HeaderValueOption> add,
      List<String> remove,
      String path,
      String direction,
      Problems problems) {
    List<HeaderValue> values = new ArrayList<>();
    for (int i = 0; i < add.size(); i++) {
      HeaderValue value =
          value(add.get(i), Problems.at(path, direction + "_headers_to_add", i), problems);
      if (value != null) {
        values.add(value);
      }
    }
    for (int i = 0; i < remove.size(); i++) {
      if (remove.get(i).isBlank()) {
        problems.add(
            Problems.at(path, direction + "_headers_to_remove", i), "expected a header name");
      }
    }
    return values.isEmpty() && remove.isEmpty()
        ? HeaderMutations.NONE
        : new HeaderMutations(values, remove);
  }

  /** The header names {@code mutations} touches, lower case. */
  static Set<String> names(HeaderMutations mutations) {
    Set<String> names = new TreeSet<>();
    mutations.add().forEach(h -> names.add(h.name().toLowerCase(Locale.ROOT)));
    mutations.remove().forEach(h -> names.add(h.toLowerCase(Locale.ROOT)));
    return names;
  }

  /** One header to add, or null when Envoy would add nothing or after a problem. */
  private static HeaderValue value(HeaderValueOption option, String path, Problems problems) {
    int before = problems.size();
    Fields.only(option, path, problems, OPTION);
    Fields.only(option.getHeader(), Problems.at(path, "header"), problems, VALUE);
    String key = option.getHeader().getKey();
    if (key.isEmpty()) {
      problems.add(Problems.at(path, "header.key"), "must not be empty");
    }
    String raw =
        option.getHeader().getRawValue().isEmpty()
            ? option.getHeader().getValue()
            : option.getHeader().getRawValue().toString(StandardCharsets.UTF_8);
    String value = literal(raw, Problems.at(path, "header.value"), problems);
    boolean append = true;
    if (option.hasAppend()) {
      if (option.getAppendAction()
          != HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD) {
        problems.add(Problems.at(path, "append"), "set either append or append_action, not both");
      }
      append = option.getAppend().getValue();
    } else {
      switch (option.getAppendAction()) {
        case APPEND_IF_EXISTS_OR_ADD -> append = true;
        case OVERWRITE_IF_EXISTS_OR_ADD -> append = false;
        default ->
            problems.unsupported(
                Problems.at(path, "append_action"),
                option.getAppendAction()
                    + "; Weft appends (APPEND_IF_EXISTS_OR_ADD) or overwrites"
                    + " (OVERWRITE_IF_EXISTS_OR_ADD)");
      }
    }
    if (problems.size() != before) {
      return null;
    }
    // Envoy leaves out a header whose value is empty unless keep_empty_value says otherwise.
    if (value.isEmpty() && !option.getKeepEmptyValue()) {
      return null;
    }
    return new HeaderValue(key, value, append);
  }

  /** {@code value} with {@code %%} unescaped; any other {@code %} is a formatter Weft lacks. */
  private static String literal(String value, String path, Problems problems) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%') {
        out.append(c);
      } else if (i + 1 < value.length() && value.charAt(i + 1) == '%') {
        out.append('%');
        i++;
      } else {
        problems.unsupported(
            path,
            "header value formatters (\""
                + value
                + "\"); Weft adds literal values (write %% for a %)");
        return value;
      }
    }
    return out.toString();
  }
}

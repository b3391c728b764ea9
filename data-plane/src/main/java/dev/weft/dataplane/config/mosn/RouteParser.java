package dev.weft.dataplane.config.mosn;

import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouteMatch.HeaderMatcher;
import dev.weft.dataplane.config.RouteMatch.PathMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One entry of a virtual host's {@code routers}: its {@code match}, and one of {@code route}
 * (parsed by {@link ForwardParser}), {@code redirect} or {@code direct_response}.
 */
final class RouteParser {
  private static final Set<String> KEYS =
      Set.of(
          "match", "route", "redirect", "direct_response", "metadata", "request_mirror_policies");
  private static final Map<String, String> IGNORED =
      Map.of("per_filter_config", "Weft has no per-route stream filter settings yet");
  private static final Set<String> MATCH_KEYS =
      Set.of("prefix", "path", "regex", "headers", "variables", "dsl_expressions");
  private static final List<String> PATH_KEYS = List.of("prefix", "path", "regex");
  private static final Set<Integer> REDIRECT_CODES = Set.of(301, 302, 303, 307, 308);

  private final LoadState state;
  private final ForwardParser forwards;

  RouteParser(LoadState state) {
    this.state = state;
    this.forwards = new ForwardParser(state);
  }

  RouteConfig parse(ConfigNode route) {
    state.checkKeys(route, KEYS, IGNORED);
    LoadState.refuse(route, "request_mirror_policies", "request mirroring");
    RouteMatch match = route.get("match").map(this::match).orElse(anything());
    Map<String, String> metadata = route.get("metadata").map(state::metadata).orElse(Map.of());
    List<String> actions = new ArrayList<>();
    for (String key : List.of("route", "redirect", "direct_response")) {
      if (route.has(key)) {
        actions.add(key);
      }
    }
    if (actions.size() != 1) {
      throw route.error(
          actions.isEmpty()
              ? "expected one of route, redirect, direct_response"
              : "set only one of route, redirect, direct_response; found " + actions);
    }
    ConfigNode action = route.require(actions.get(0));
    switch (actions.get(0)) {
      case "route":
        return new RouteConfig(
            match,
            forwards.parse(action),
            HeaderLists.request(action, state),
            HeaderLists.response(action, state),
            metadata);
      case "redirect":
        return new RouteConfig(
            match, redirect(action), HeaderMutations.NONE, HeaderMutations.NONE, metadata);
      default:
        return new RouteConfig(
            match, directResponse(action), HeaderMutations.NONE, HeaderMutations.NONE, metadata);
    }
  }

  private static RouteMatch anything() {
    return new RouteMatch(Optional.empty(), List.of());
  }

  /** The first of prefix, path, regex that is set wins, as in MOSN; none = an RPC header rule. */
  private RouteMatch match(ConfigNode match) {
    state.checkKeys(match, MATCH_KEYS, Map.of());
    LoadState.refuse(match, "variables", "variable matches");
    LoadState.refuse(match, "dsl_expressions", "DSL expression matches");
    PathMatch path = null;
    String chosen = null;
    for (String key : PATH_KEYS) {
      Optional<ConfigNode> node = match.get(key);
      if (node.isEmpty() || node.get().asString().isEmpty()) {
        continue;
      }
      if (path != null) {
        state.warn(node.get(), "ignored: \"" + chosen + "\" is set and wins, as in MOSN");
        continue;
      }
      chosen = key;
      String value = node.get().asString();
      if (key.equals("prefix")) {
        path = new RouteMatch.Prefix(value);
      } else if (key.equals("path")) {
        path = new RouteMatch.Exact(value);
      } else {
        checkRegex(node.get(), value);
        path = new RouteMatch.Regex(value);
      }
    }
    List<HeaderMatcher> headers = new ArrayList<>();
    for (ConfigNode header : match.array("headers")) {
      headers.add(header(header));
    }
    return new RouteMatch(Optional.ofNullable(path), headers);
  }

  /** {@code {name, value, regex}}, where MOSN's {@code regex} is a boolean. */
  private HeaderMatcher header(ConfigNode header) {
    state.checkKeys(header, Set.of("name", "value", "regex"), Map.of());
    String name = header.nonEmptyString("name");
    String value = header.string("value", "");
    boolean regex = false;
    Optional<ConfigNode> regexNode = header.get("regex");
    if (regexNode.isPresent()) {
      if (regexNode.get().isString()) {
        throw regexNode
            .get()
            .error(
                "expected true or false (in MOSN, headers[].regex says whether \"value\" is a"
                    + " regular expression), got "
                    + regexNode.get().describe());
      }
      regex = regexNode.get().asBoolean();
    }
    if (regex) {
      checkRegex(header.require("value"), value);
    }
    return new HeaderMatcher(name, value, regex, false);
  }

  static void checkRegex(ConfigNode node, String regex) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw node.error(
          "invalid regular expression: " + e.getDescription() + " in \"" + regex + "\"");
    }
  }

  private RouteAction redirect(ConfigNode node) {
    state.checkKeys(
        node,
        Set.of("response_code", "path_redirect", "host_redirect", "scheme_redirect"),
        Map.of());
    int code = node.integer("response_code", 301, 300, 399);
    if (!REDIRECT_CODES.contains(code)) {
      throw node.error("response_code", "expected 301, 302, 303, 307 or 308, got " + code);
    }
    return new RouteAction.Redirect(
        code,
        nonEmpty(node, "scheme_redirect"),
        nonEmpty(node, "host_redirect"),
        nonEmpty(node, "path_redirect"));
  }

  private RouteAction directResponse(ConfigNode node) {
    state.checkKeys(node, Set.of("status", "body"), Map.of());
    int status = (int) node.require("status").asLong(100, 599);
    return new RouteAction.DirectResponse(status, node.string("body", ""));
  }

  /** An optional string where MOSN's empty string means "not set". */
  static Optional<String> nonEmpty(ConfigNode node, String key) {
    return node.optString(key).filter(s -> !s.isEmpty());
  }
}

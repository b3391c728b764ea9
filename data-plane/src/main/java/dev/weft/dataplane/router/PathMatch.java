package dev.weft.dataplane.router;

import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.protocol.RequestHead;
import java.util.regex.Pattern;

/** A compiled path condition. */
abstract class PathMatch {
  abstract boolean matches(RequestHead head);

  static PathMatch compile(RouteMatch.PathMatch config) {
    if (config instanceof RouteMatch.Prefix) {
      String prefix = ((RouteMatch.Prefix) config).prefix();
      return new PathMatch() {
        @Override
        boolean matches(RequestHead head) {
          return head.pathStartsWith(prefix);
        }
      };
    }
    if (config instanceof RouteMatch.Exact) {
      String exact = ((RouteMatch.Exact) config).path();
      return new PathMatch() {
        @Override
        boolean matches(RequestHead head) {
          return withoutQuery(head.path()).equals(exact);
        }
      };
    }
    Pattern pattern = Pattern.compile(((RouteMatch.Regex) config).regex());
    return new PathMatch() {
      @Override
      boolean matches(RequestHead head) {
        return pattern.matcher(withoutQuery(head.path())).matches();
      }
    };
  }

  static String withoutQuery(String path) {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }
}

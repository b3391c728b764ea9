package dev.weft.dataplane.proxy;

import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.protocol.RequestHead;

/**
 * The Location of a route's redirect: the request's own scheme, host and path where not replaced.
 */
final class Redirects {
  private Redirects() {}

  static String location(RouteAction.Redirect redirect, RequestHead head) {
    String scheme = redirect.scheme().orElse(head.scheme());
    String host = redirect.host().orElse(head.authority());
    String path = redirect.path().orElse(head.path().isEmpty() ? "/" : head.path());
    return scheme + "://" + host + path;
  }
}

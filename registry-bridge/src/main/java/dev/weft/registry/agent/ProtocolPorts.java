package dev.weft.registry.agent;

/**
 * The sidecar's ports for one protocol: where the local app listens ({@code app}, what the ingress
 * listener forwards to; never published), the ingress port the agent publishes for the app's
 * services ({@code ingress}), and the loopback egress port the app dials ({@code egress}).
 */
public record ProtocolPorts(int app, int ingress, int egress) {
  public ProtocolPorts {
    check("app", app);
    check("ingress", ingress);
    check("egress", egress);
    if (ingress == app) {
      throw new IllegalArgumentException(
          "ingress: expected a port other than the app port "
              + app
              + " (the ingress listener cannot bind next to the app), got "
              + ingress);
    }
    if (ingress == egress) {
      throw new IllegalArgumentException(
          "ingress: expected a port other than the egress port " + egress + ", got " + ingress);
    }
    if (egress == app) {
      throw new IllegalArgumentException(
          "egress: expected a port other than the app port " + app + ", got " + egress);
    }
  }

  private static void check(String field, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(field + ": expected a port from 1 to 65535, got " + port);
    }
  }
}

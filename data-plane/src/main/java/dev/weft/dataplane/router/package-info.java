/**
 * Router: compiled route tables. Given a request head, it finds the virtual host and the route, and
 * a route names the cluster; the router never touches upstream code.
 *
 * <p>Depends on {@code protocol} (for request heads) and {@code config}.
 */
package dev.weft.dataplane.router;

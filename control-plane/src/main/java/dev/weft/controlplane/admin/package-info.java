/**
 * The control plane's admin HTTP API on loopback: {@code /debug/nodes}, {@code /debug/config},
 * {@code /metrics} (Prometheus) and {@code /ready}. Reads the {@code xds} package's public status
 * types; nothing depends on it.
 */
package dev.weft.controlplane.admin;

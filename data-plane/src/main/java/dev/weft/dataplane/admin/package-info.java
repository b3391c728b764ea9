/**
 * The admin API, with MOSN's paths and metric names: {@code /api/v1/config_dump}, {@code
 * /api/v1/stats}, {@code /api/v1/states}, {@code /api/v1/get_loglevel}, {@code
 * /api/v1/update_loglevel}, {@code /stats/prometheus}, {@code /ready} and {@code /healthz}, served
 * over HTTP/1 by {@link AdminServer} on its own single-thread event loop, never on a worker.
 *
 * <p>It sees the sidecar only through {@link AdminSource} (config, state, stats, log levels), which
 * the composition root provides.
 *
 * <p>Depends on {@code config}, {@code stats} and {@code extension} only.
 */
package dev.weft.dataplane.admin;

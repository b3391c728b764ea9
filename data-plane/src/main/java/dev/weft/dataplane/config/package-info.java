/**
 * Config: the validated, immutable records the sidecar runs on, whatever their source (a MOSN
 * {@code config.json} or xDS), plus the tools parsers share ({@link ConfigNode}, {@link
 * ConfigError}, Go durations).
 *
 * <p>Depends on {@code extension} only. The forwarding path reads these records, never JSON or
 * protobuf.
 */
package dev.weft.dataplane.config;

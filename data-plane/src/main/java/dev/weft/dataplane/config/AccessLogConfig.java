package dev.weft.dataplane.config;

/**
 * An access log: where it goes ({@code stdout}, {@code stderr} or a file path) and its format in
 * MOSN's {@code %variable%} syntax, already checked to name only known variables.
 */
public record AccessLogConfig(String path, String format) {}

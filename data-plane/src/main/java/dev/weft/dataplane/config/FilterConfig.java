package dev.weft.dataplane.config;

/**
 * A network or stream filter: its registered {@code type} and the config its factory parsed (a
 * record owned by that filter, such as {@code ProxyConfig}).
 */
public record FilterConfig(String type, Object config) {}

package dev.weft.dataplane.config;

/** Where the admin API listens (MOSN's {@code admin.address.socket_address}). */
public record AdminConfig(HostPort address) {}

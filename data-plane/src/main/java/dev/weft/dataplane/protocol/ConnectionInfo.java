package dev.weft.dataplane.protocol;

import java.net.InetSocketAddress;

/** The addresses of a connection, for access logs and source-IP hashing. */
public record ConnectionInfo(InetSocketAddress localAddress, InetSocketAddress remoteAddress) {}

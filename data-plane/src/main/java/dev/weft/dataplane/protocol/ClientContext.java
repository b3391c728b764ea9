package dev.weft.dataplane.protocol;

import dev.weft.dataplane.network.Flusher;

/**
 * What a client codec needs from its pool: who hears about capacity and closing, its limits, and
 * the loop's {@link Flusher}.
 *
 * @param maxRequests close the connection after this many requests; 0 = no limit
 */
public record ClientContext(
    ClientConnectionListener listener, ProtocolOptions options, Flusher flusher, int maxRequests) {}

/**
 * Network layer: event loops, listeners, connections and network filter chains.
 *
 * <p>Depends on Netty only. No other data-plane package may be imported from here; the layers above
 * (protocol, stream, proxy) depend on this one, never the other way round.
 */
package dev.weft.dataplane.network;

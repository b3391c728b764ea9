package dev.weft.dataplane.protocol;

/** Called by a server codec for each new request; returns who receives its events. */
@FunctionalInterface
public interface StreamAcceptor {
  ServerStreamListener accept(ServerStream stream);
}

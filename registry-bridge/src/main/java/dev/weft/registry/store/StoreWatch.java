package dev.weft.registry.store;

/** A running watch of a store; closing it stops the deliveries. */
public interface StoreWatch extends AutoCloseable {
  @Override
  void close();
}

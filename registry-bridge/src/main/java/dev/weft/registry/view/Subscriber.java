package dev.weft.registry.view;

import dev.weft.registry.model.ServiceSnapshot;

/**
 * Receives a service's full list. The fanout never hands a subscriber a version lower than or equal
 * to one it already gave it, and calls it from one thread at a time; it must not block.
 */
public interface Subscriber {
  void push(ServiceSnapshot snapshot);
}

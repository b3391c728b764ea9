package dev.weft.registry.client;

import dev.weft.registry.model.ServiceSnapshot;

/** Receives a subscription's lists: full lists whose versions only grow. */
public interface SubscriptionListener {
  void onList(ServiceSnapshot snapshot);

  /** The registry refused the subscription; no lists will come. */
  default void onRefused(String error) {}
}

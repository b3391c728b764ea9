package dev.weft.registry.server;

import dev.weft.registry.client.SubscriptionListener;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.ServiceSnapshot;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A subscriber's lists, in the order received; fails on a version that does not grow. */
final class RecordedLists implements SubscriptionListener {
  final List<ServiceSnapshot> seen = new CopyOnWriteArrayList<>();
  volatile String refused;
  private volatile AssertionError error;

  @Override
  public void onList(ServiceSnapshot snapshot) {
    if (!seen.isEmpty() && snapshot.version() <= last().version()) {
      error = new AssertionError("version " + snapshot.version() + " after " + last().version());
    }
    seen.add(snapshot);
  }

  @Override
  public void onRefused(String error) {
    refused = error;
  }

  ServiceSnapshot last() {
    return seen.get(seen.size() - 1);
  }

  /** The ports of the latest list, or null before the first. */
  List<Integer> ports() {
    if (error != null) {
      throw error;
    }
    return seen.isEmpty() ? null : last().endpoints().stream().map(Endpoint::port).toList();
  }

  /** Whether a list came without endpoints after one with some. */
  boolean everEmptiedAfterFirstList() {
    boolean hadSome = false;
    for (ServiceSnapshot snapshot : seen) {
      if (!snapshot.endpoints().isEmpty()) {
        hadSome = true;
      } else if (hadSome) {
        return true;
      }
    }
    return false;
  }
}

package dev.weft.dataplane.protocol;

import dev.weft.dataplane.extension.Registry;
import java.util.ArrayList;
import java.util.List;

/**
 * The registered protocols, and the order {@code Auto} tries them in: every protocol with a
 * definite signature first (HTTP/2 preface, RPC magic bytes), HTTP/1 last because it is recognised
 * only by the shape of a request line.
 */
public final class ProtocolRegistry {
  private final Registry<Protocol> registry;
  private final List<Protocol> autoOrder;

  public ProtocolRegistry(Registry<Protocol> registry, List<String> autoOrder) {
    this.registry = registry;
    List<Protocol> order = new ArrayList<>();
    for (String name : autoOrder) {
      order.add(registry.require(name));
    }
    this.autoOrder = List.copyOf(order);
  }

  public Registry<Protocol> registry() {
    return registry;
  }

  public Protocol require(String name) {
    return registry.require(name);
  }

  /** The protocols {@code Auto} stands for, in detection order. */
  public List<Protocol> autoOrder() {
    return autoOrder;
  }

  /** Resolves a listener's protocol list, expanding {@code Auto}. */
  public List<Protocol> resolve(List<String> names) {
    List<Protocol> protocols = new ArrayList<>();
    for (String name : names) {
      if (name.equalsIgnoreCase("Auto")) {
        autoOrder.stream().filter(p -> !protocols.contains(p)).forEach(protocols::add);
      } else {
        Protocol protocol = registry.require(name);
        if (!protocols.contains(protocol)) {
          protocols.add(protocol);
        }
      }
    }
    return List.copyOf(protocols);
  }
}

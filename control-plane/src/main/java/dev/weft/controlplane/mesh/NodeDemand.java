package dev.weft.controlplane.mesh;

import dev.weft.registry.model.Publication;
import dev.weft.registry.model.Subscription;
import java.util.List;
import java.util.Set;

/**
 * What a node's registry sessions ask of the mesh: the services it subscribes to (its clusters) and
 * what it publishes (its ingress listeners: a publication's endpoint ports are the sidecar's own
 * ingress ports).
 */
public record NodeDemand(
    Set<Subscription> subscriptions, List<Publication> publications, boolean settled) {
  public static final NodeDemand NONE = new NodeDemand(Set.of(), List.of());

  public NodeDemand {
    subscriptions = Set.copyOf(subscriptions);
    publications = List.copyOf(publications);
  }

  /** A settled demand: its sessions have sent everything they hold. */
  public NodeDemand(Set<Subscription> subscriptions, List<Publication> publications) {
    this(subscriptions, publications, true);
  }
}

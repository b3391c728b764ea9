package dev.weft.registry.store;

import dev.weft.registry.model.ServiceId;
import java.util.Objects;

/**
 * Where a publication is stored: its service, its owner (a session id, or {@link #PERSISTENT} for
 * registrations that stay until deregistered) and its {@code registId}.
 */
public record PublicationKey(ServiceId service, String owner, String registId) {
  /** The owner of persistent registrations; session ids never take this value. */
  public static final String PERSISTENT = "persistent";

  public PublicationKey {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(registId, "registId");
  }

  public boolean persistent() {
    return PERSISTENT.equals(owner);
  }
}

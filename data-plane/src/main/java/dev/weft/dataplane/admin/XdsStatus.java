package dev.weft.dataplane.admin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the sidecar's xDS client reports to the admin API ({@code /ready}, the {@code xds} section
 * of {@code /api/v1/config_dump}): plain values, so the admin package knows nothing of gRPC.
 *
 * @param controlPlane the ADS address, {@code host:port}, or its replicas as a comma-separated list
 * @param connection {@code CONNECTING}, {@code CONNECTED} or {@code DISCONNECTED}
 * @param connectedTo while connected, the replica the stream is on ({@code ip:port}), when known
 * @param since when {@code connection} last changed
 * @param lastError why the last stream ended or could not start; empty while none has failed
 * @param ready the first full config has been applied (LDS and CDS accepted, nothing warming)
 * @param warmingListeners listeners accepted but waiting for their route configurations
 * @param warmingClusters clusters accepted but waiting for their endpoints
 * @param types LDS, RDS, CDS, EDS in that order
 */
public record XdsStatus(
    String controlPlane,
    String connection,
    Optional<String> connectedTo,
    Instant since,
    Optional<String> lastError,
    boolean ready,
    Set<String> warmingListeners,
    Set<String> warmingClusters,
    List<TypeStatus> types) {

  public XdsStatus {
    warmingListeners = Set.copyOf(warmingListeners);
    warmingClusters = Set.copyOf(warmingClusters);
    types = List.copyOf(types);
  }

  /**
   * One resource type on the ADS stream.
   *
   * @param type {@code LDS}, {@code RDS}, {@code CDS} or {@code EDS}
   * @param typeUrl the type URL
   * @param version the last accepted version; empty before the first ACK
   * @param nonce the latest nonce received on the current stream
   * @param wildcard subscribed to everything (LDS, CDS)
   * @param subscribed the names asked for when not a wildcard
   * @param accepted the names of the resources held
   * @param lastNack the last response rejected
   */
  public record TypeStatus(
      String type,
      String typeUrl,
      String version,
      String nonce,
      boolean wildcard,
      List<String> subscribed,
      List<String> accepted,
      Optional<Nack> lastNack) {
    public TypeStatus {
      subscribed = List.copyOf(subscribed);
      accepted = List.copyOf(accepted);
    }
  }

  /** A rejected response: its version and nonce, the error detail sent, and when. */
  public record Nack(String version, String nonce, String message, Instant time) {}
}

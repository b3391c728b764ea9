package dev.weft.controlplane.xds;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.Watch;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One resource type on one stream; guarded by the stream. */
final class TypeState {
  // What the client asks for.
  Watch watch;
  DeltaWatch deltaWatch;
  boolean named;
  boolean wildcard;
  Set<String> names = Set.of();
  String requestVersion = "";
  String rejectedVersion = "";
  boolean parkedAfterNack;
  Set<dev.weft.registry.model.ServiceId> namedServices = Set.of();
  Set<String> namedServicesOf;

  // What it was sent.
  String sentVersion = "";
  String sentNonce = "";
  Map<String, Message> sent = Map.of();
  TreeMap<String, String> sentHashes = new TreeMap<>();
  long convergeFromNanos;

  // What it said.
  String ackedVersion = "";
  String nackedVersion = "";
  String nackError = "";
  long nackedAtMillis;

  /** A view for the admin API. */
  TypeStatus status(String typeUrl) {
    return new TypeStatus(
        typeUrl,
        wildcard,
        Set.copyOf(names),
        sentVersion,
        ackedVersion,
        nackedVersion,
        nackError,
        nackedAtMillis,
        sentHashes.size());
  }
}

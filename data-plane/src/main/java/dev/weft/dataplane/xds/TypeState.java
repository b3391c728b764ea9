package dev.weft.dataplane.xds;

import dev.weft.dataplane.admin.XdsStatus;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.Status;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** What the client knows of one resource type: versions, nonces, names, the last NACK. */
final class TypeState {
  final XdsType type;

  /** The version of the last accepted response; sent back after a NACK and on reconnect. */
  String version = "";

  /** Whether any response of this type was ever accepted. */
  boolean accepted;

  /** The latest nonce received on the current stream; echoed in every request. */
  String nonce = "";

  /** RDS and EDS: the names asked for (full list, state of the world). */
  Set<String> subscribed = new TreeSet<>();

  /** A request of this type has gone out on the current stream. */
  boolean requested;

  Optional<XdsStatus.Nack> lastNack = Optional.empty();

  TypeState(XdsType type) {
    this.type = type;
  }

  /** A new stream: nonces mean nothing outside the stream they came on. */
  void streamStarted() {
    nonce = "";
    requested = false;
  }

  /** Whether a new stream should ask for this type now. */
  boolean wantedOnNewStream() {
    return type.wildcard() || !subscribed.isEmpty();
  }

  /** A request with the accepted version and the latest nonce: an ACK, or a subscription. */
  DiscoveryRequest request() {
    requested = true;
    return builder(version).build();
  }

  /** Accepts the response with {@code newVersion}; the ACK to send. */
  DiscoveryRequest ack(String newVersion) {
    version = newVersion;
    accepted = true;
    return request();
  }

  /** Rejects the response with {@code rejectedVersion}; the NACK to send. */
  DiscoveryRequest nack(String rejectedVersion, String message, Instant now) {
    lastNack = Optional.of(new XdsStatus.Nack(rejectedVersion, nonce, message, now));
    requested = true;
    return builder(version)
        .setErrorDetail(
            com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.INVALID_ARGUMENT.value())
                .setMessage(message))
        .build();
  }

  private DiscoveryRequest.Builder builder(String versionInfo) {
    DiscoveryRequest.Builder request =
        DiscoveryRequest.newBuilder()
            .setTypeUrl(type.typeUrl())
            .setVersionInfo(versionInfo)
            .setResponseNonce(nonce);
    if (!type.wildcard()) {
      request.addAllResourceNames(subscribed);
    }
    return request;
  }

  XdsStatus.TypeStatus status(Collection<String> held) {
    return new XdsStatus.TypeStatus(
        type.name(),
        type.typeUrl(),
        version,
        nonce,
        type.wildcard(),
        type.wildcard() ? List.of() : List.copyOf(subscribed),
        List.copyOf(new TreeSet<>(held)),
        lastNack);
  }
}

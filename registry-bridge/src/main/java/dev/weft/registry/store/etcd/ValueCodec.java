package dev.weft.registry.store.etcd;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.weft.api.registry.v1.StoredPublication;
import dev.weft.registry.model.Publication;
import dev.weft.registry.proto.RegistryProtos;
import dev.weft.registry.store.PublicationKey;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The values the etcd store writes. A publication is a {@code weft.registry.v1.StoredPublication}
 * of format {@value #FORMAT}; a session key holds a short text for people debugging with {@code
 * etcdctl}.
 */
final class ValueCodec {
  /** The only format this code writes and reads. */
  static final int FORMAT = 1;

  private ValueCodec() {}

  static ByteSequence encode(Publication publication, String clientName, long writtenAtMillis) {
    return ByteSequence.from(
        StoredPublication.newBuilder()
            .setFormat(FORMAT)
            .setPublication(RegistryProtos.publication(publication))
            .setClientName(clientName)
            .setWrittenAtMillis(writtenAtMillis)
            .build()
            .toByteArray());
  }

  /**
   * The publication stored under {@code key}.
   *
   * @throws IllegalArgumentException saying why the value is unusable: not a StoredPublication, a
   *     format other than {@value #FORMAT}, an invalid publication, or one that names another
   *     service or registId than its key
   */
  static Publication decode(PublicationKey key, ByteSequence value) {
    StoredPublication stored;
    try {
      stored = StoredPublication.parseFrom(value.getBytes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a StoredPublication (" + e.getMessage() + ")", e);
    }
    if (stored.getFormat() != FORMAT) {
      throw new IllegalArgumentException(
          "format " + stored.getFormat() + ", this reader knows only format " + FORMAT);
    }
    if (!stored.hasPublication()) {
      throw new IllegalArgumentException("no publication in the value");
    }
    Publication publication =
        RegistryProtos.publication("publication", stored.getPublication(), "");
    if (!publication.service().equals(key.service())
        || !publication.registId().equals(key.registId())) {
      throw new IllegalArgumentException(
          "the value is for "
              + publication.service()
              + " registId "
              + publication.registId()
              + ", not for its key");
    }
    return publication;
  }

  static ByteSequence session(String clientName, long leaseId, Instant openedAt) {
    return ByteSequence.from(
        "client="
            + clientName
            + "\nlease="
            + Long.toHexString(leaseId)
            + "\nopened="
            + openedAt
            + "\n",
        StandardCharsets.UTF_8);
  }
}

package dev.weft.registry.store.etcd;

import dev.weft.registry.model.Publication;
import dev.weft.registry.store.PublicationKey;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the keys and values under the publications prefix. A key outside the layout or a value that
 * cannot be used is skipped: one WARN naming the key and the reason, and a count, never an
 * exception that would stop a watch.
 */
final class PublicationDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(PublicationDecoder.class);

  private final KeyLayout layout;
  private final StoreCounters counters;

  PublicationDecoder(KeyLayout layout, StoreCounters counters) {
    this.layout = layout;
    this.counters = counters;
  }

  /** What one key holds: its publication key if the key is well formed, and the publication. */
  record Entry(Optional<PublicationKey> key, Optional<Publication> publication) {}

  /** A key and its value, as far as they can be used. */
  Entry decode(ByteSequence key, ByteSequence value) {
    Optional<PublicationKey> parsed = key(key, true);
    if (parsed.isEmpty()) {
      return new Entry(parsed, Optional.empty());
    }
    try {
      return new Entry(parsed, Optional.of(ValueCodec.decode(parsed.get(), value)));
    } catch (RuntimeException e) {
      skip(key, "its value is unusable: " + e.getMessage());
      return new Entry(parsed, Optional.empty());
    }
  }

  /** The publication key a deleted etcd key stood for, if it was well formed. */
  Optional<PublicationKey> deletedKey(ByteSequence key) {
    return key(key, false);
  }

  private Optional<PublicationKey> key(ByteSequence key, boolean warn) {
    try {
      return Optional.of(layout.parsePublication(key));
    } catch (RuntimeException e) {
      if (warn) {
        skip(key, "the key is not <dataInfoId>/<owner>/<registId>: " + e.getMessage());
      }
      return Optional.empty();
    }
  }

  private void skip(ByteSequence key, String why) {
    counters.skippedValue();
    LOG.warn("skipping etcd key {}: {}", key.toString(StandardCharsets.UTF_8), why);
  }
}

package dev.weft.registry.store.etcd;

import dev.weft.registry.model.Publication;
import dev.weft.registry.store.PublicationKey;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads every publication at one revision, in pages of {@value #PAGE_SIZE} keys: the first page
 * fixes the revision, the next ones read at that revision, so the result is one consistent snapshot
 * however large it is. If etcd compacts that revision half-way, the read fails and the caller reads
 * again.
 */
final class SnapshotReader {
  static final int PAGE_SIZE = 500;
  private static final ByteSequence ZERO_BYTE = ByteSequence.from(new byte[] {0});

  private final KV kv;
  private final KeyLayout layout;
  private final PublicationDecoder decoder;
  private final long pageTimeoutMillis;

  SnapshotReader(StoreContext context, PublicationDecoder decoder) {
    this.kv = context.client().getKVClient();
    this.layout = context.layout();
    this.decoder = decoder;
    this.pageTimeoutMillis = context.requestTimeout().toMillis();
  }

  /** Every publication, and the etcd revision they are the content of. */
  record Snapshot(long revision, Map<PublicationKey, Publication> publications) {}

  CompletableFuture<Snapshot> read() {
    return page(layout.publicationsPrefix(), 0, new HashMap<>());
  }

  private CompletableFuture<Snapshot> page(
      ByteSequence from, long revision, Map<PublicationKey, Publication> found) {
    GetOption.Builder option =
        GetOption.builder().withRange(layout.publicationsEnd()).withLimit(PAGE_SIZE);
    if (revision > 0) {
      option.withRevision(revision);
    }
    return kv.get(from, option.build())
        .orTimeout(pageTimeoutMillis, TimeUnit.MILLISECONDS)
        .thenCompose(
            response -> {
              long at = revision > 0 ? revision : response.getHeader().getRevision();
              List<KeyValue> kvs = response.getKvs();
              for (KeyValue entry : kvs) {
                PublicationDecoder.Entry decoded = decoder.decode(entry.getKey(), entry.getValue());
                decoded
                    .publication()
                    .ifPresent(publication -> found.put(decoded.key().get(), publication));
              }
              if (hasMore(response)) {
                return page(kvs.get(kvs.size() - 1).getKey().concat(ZERO_BYTE), at, found);
              }
              return CompletableFuture.completedFuture(new Snapshot(at, Map.copyOf(found)));
            });
  }

  private static boolean hasMore(GetResponse response) {
    return response.isMore() && !response.getKvs().isEmpty();
  }
}

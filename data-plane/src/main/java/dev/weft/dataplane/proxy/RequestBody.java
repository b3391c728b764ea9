package dev.weft.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The request body chunks a request still holds: those not yet sent upstream (the connection was
 * not ready) and, while a retry may need them, copies of those sent. Copies share the payload
 * ({@code retainedDuplicate}); nothing is copied byte by byte.
 */
final class RequestBody {
  /** Beyond this, a request is not buffered for retries (Envoy's default buffer limit). */
  static final int RETRY_BUFFER_LIMIT = 1024 * 1024;

  private final List<ByteBuf> chunks = new ArrayList<>();
  private int sentCount;
  private long bytes;
  private boolean keepForRetry;

  void add(ByteBuf chunk) {
    chunks.add(chunk);
    bytes += chunk.readableBytes();
    if (keepForRetry && bytes > RETRY_BUFFER_LIMIT) {
      stopKeeping();
    }
  }

  /** Keep sent chunks for a retry; only before anything was sent. */
  void enableRetryBuffer() {
    if (sentCount == 0 && bytes <= RETRY_BUFFER_LIMIT) {
      keepForRetry = true;
    }
  }

  /** Whether the whole body sent so far can be sent again. */
  boolean replayable() {
    return keepForRetry || sentCount == 0;
  }

  boolean keepsForRetry() {
    return keepForRetry;
  }

  /** Chunks to send to a new try: all of them (a retry) or those not sent yet. */
  List<ByteBuf> takeUnsent(boolean fromStart) {
    int from = fromStart ? 0 : sentCount;
    List<ByteBuf> out = new ArrayList<>(chunks.size() - from);
    for (int i = from; i < chunks.size(); i++) {
      out.add(keepForRetry ? chunks.get(i).retainedDuplicate() : chunks.get(i));
    }
    if (keepForRetry) {
      sentCount = chunks.size();
    } else {
      chunks.subList(from, chunks.size()).clear();
      sentCount = 0;
    }
    return out;
  }

  /** A chunk arriving while a stream is open: kept (as a copy) only while retries need it. */
  ByteBuf passThrough(ByteBuf chunk) {
    bytes += chunk.readableBytes();
    if (keepForRetry && bytes > RETRY_BUFFER_LIMIT) {
      stopKeeping();
    }
    if (!keepForRetry) {
      return chunk;
    }
    chunks.add(chunk);
    sentCount = chunks.size();
    return chunk.retainedDuplicate();
  }

  /** No more retries: drop the copies. */
  void stopKeeping() {
    if (!keepForRetry) {
      return;
    }
    keepForRetry = false;
    List<ByteBuf> unsent = new ArrayList<>(chunks.subList(sentCount, chunks.size()));
    for (int i = 0; i < sentCount; i++) {
      chunks.get(i).release();
    }
    chunks.clear();
    chunks.addAll(unsent);
    sentCount = 0;
  }

  void releaseAll() {
    for (ByteBuf chunk : chunks) {
      chunk.release();
    }
    chunks.clear();
    sentCount = 0;
  }
}

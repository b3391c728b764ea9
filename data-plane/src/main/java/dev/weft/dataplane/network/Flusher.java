package dev.weft.dataplane.network;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * One flush per event-loop pass, across connections: writes made while an event loop handles its
 * ready channels are flushed together when it gets to its task queue, after every ready channel was
 * read. A burst of requests read from many connections thus reaches each peer connection in one
 * write, and wakes each peer process once rather than once per request, as HAProxy and Envoy batch
 * their writes per poll.
 *
 * <p>A codec may also hold back a small write until the flush ({@link #holdUntilFlush}), so that
 * what follows it in the same pass can join it in one buffer: an HTTP/1 head waits for a small
 * body, and the pair leaves in one {@code send} instead of a two-buffer {@code writev}.
 *
 * <p>There is one per event loop, used only on it.
 */
public final class Flusher {
  /** A write held back until the flush; it writes itself, if it still has to, when asked. */
  public interface HeldWrite {
    void writeHeld();
  }

  private final EventLoop loop;
  private final List<Channel> dirty = new ArrayList<>();
  private final List<HeldWrite> held = new ArrayList<>();
  private final Runnable flushTask = this::flushAll;
  private boolean taskScheduled;

  public Flusher(EventLoop loop) {
    this.loop = loop;
  }

  /** Writes {@code message} and schedules a flush of {@code channel} for the end of this pass. */
  public void write(Channel channel, Object message) {
    channel.write(message, channel.voidPromise());
    markDirty(channel);
  }

  /** Schedules a flush of {@code channel}, which has unflushed writes. */
  public void markDirty(Channel channel) {
    if (!taskScheduled) {
      taskScheduled = true;
      loop.execute(flushTask);
    }
    // Consecutive writes mostly go to one channel; a channel listed twice is flushed twice, and
    // the second flush finds nothing to write. (A full search would cost O(channels) per write.)
    int last = dirty.size() - 1;
    if (last < 0 || dirty.get(last) != channel) {
      dirty.add(channel);
    }
  }

  /**
   * Has {@code write} called back before {@code channel} is next flushed, for a write it holds
   * back. It must write what it holds then, even if that is only to a closed channel (which
   * releases it).
   */
  public void holdUntilFlush(Channel channel, HeldWrite write) {
    held.add(write);
    markDirty(channel);
  }

  private void flushAll() {
    // Index loops, and a loop around them: a held write or a flush (through writability events)
    // may hold or mark more; they join this flush, as the task is still scheduled until it ends.
    do {
      for (int i = 0; i < held.size(); i++) {
        held.get(i).writeHeld();
      }
      held.clear();
      for (int i = 0; i < dirty.size(); i++) {
        dirty.get(i).flush();
      }
      dirty.clear();
    } while (!held.isEmpty());
    taskScheduled = false;
  }
}

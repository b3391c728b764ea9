package dev.weft.dataplane.network;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * One flush per read burst, across connections: writes made while an event loop processes its ready
 * channels are flushed together when it gets to its task queue, so a burst of requests read from
 * one connection reaches each peer connection in one {@code writev}.
 *
 * <p>There is one per event loop, used only on it.
 */
public final class Flusher {
  private final EventLoop loop;
  private final List<Channel> dirty = new ArrayList<>();
  private final Runnable flushTask = this::flushTask;
  private boolean inReadBurst;
  private boolean taskScheduled;

  public Flusher(EventLoop loop) {
    this.loop = loop;
  }

  /** Writes {@code message} and schedules a flush of {@code channel} for the end of this burst. */
  public void write(Channel channel, Object message) {
    channel.write(message, channel.voidPromise());
    markDirty(channel);
  }

  /** Schedules a flush of {@code channel}, which has unflushed writes. */
  public void markDirty(Channel channel) {
    if (!inReadBurst && !taskScheduled) {
      taskScheduled = true;
      loop.execute(flushTask);
    }
    if (!dirty.contains(channel)) {
      dirty.add(channel);
    }
  }

  /** A connection on this loop started handing read data up its pipeline. */
  void readBurstStarted() {
    inReadBurst = true;
  }

  /** The read burst ended: flush everything it wrote. */
  void readBurstEnded() {
    inReadBurst = false;
    flushAll();
  }

  private void flushTask() {
    taskScheduled = false;
    flushAll();
  }

  private void flushAll() {
    // Index loop: a flush may trigger writes that mark more channels dirty.
    for (int i = 0; i < dirty.size(); i++) {
      dirty.get(i).flush();
    }
    dirty.clear();
  }
}

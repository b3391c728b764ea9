package dev.weft.dataplane.network;

import io.netty.channel.Channel;

/**
 * Backpressure for a connection without per-stream flow control (HTTP/1, TCP): reading stops while
 * more than {@code high} received bytes are still on their way out, and resumes when less than
 * {@code low} are.
 */
public final class ReadGate {
  public static final int DEFAULT_HIGH = 256 * 1024;
  public static final int DEFAULT_LOW = 64 * 1024;

  private final Channel channel;
  private final int high;
  private final int low;
  private long outstanding;
  private boolean paused;

  public ReadGate(Channel channel) {
    this(channel, DEFAULT_HIGH, DEFAULT_LOW);
  }

  public ReadGate(Channel channel, int high, int low) {
    this.channel = channel;
    this.high = high;
    this.low = low;
  }

  /** Bytes were read and handed on. */
  public void received(int bytes) {
    outstanding += bytes;
    if (!paused && outstanding > high) {
      paused = true;
      channel.config().setAutoRead(false);
    }
  }

  /** Bytes handed on earlier have left the sidecar. */
  public void consumed(int bytes) {
    outstanding = Math.max(0, outstanding - bytes);
    if (paused && outstanding < low) {
      paused = false;
      channel.config().setAutoRead(true);
    }
  }

  public boolean isPaused() {
    return paused;
  }
}

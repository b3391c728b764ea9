package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.ProtocolOptions;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ServerContext;
import dev.weft.dataplane.protocol.ServerStream;
import dev.weft.dataplane.protocol.ServerStreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Weft's HTTP/1 server codec on an {@link EmbeddedChannel}: bytes in, streams recorded (their body
 * chunks copied out and released at once), bytes out as text.
 */
final class ServerFixture implements AutoCloseable {
  static final ProtocolOptions OPTIONS = new ProtocolOptions(1024, 256, 100, 65_535);

  final EmbeddedChannel channel = new EmbeddedChannel();
  final List<Exchange> exchanges = new ArrayList<>();

  /** What each exchange does once its request is complete; by default nothing. */
  Consumer<Exchange> onRequestEnd = exchange -> {};

  /** When set, each body chunk is given here before it is released. */
  Consumer<ByteBuf> onChunk = chunk -> {};

  ServerFixture() {
    this(OPTIONS);
  }

  ServerFixture(ProtocolOptions options) {
    Flusher flusher = new Flusher(channel.eventLoop());
    ServerContext context = new ServerContext(this::accept, options, flusher, List.of());
    new Http1Protocol().installServer(channel, context);
  }

  /** Writes {@code wire} (ISO-8859-1) as one direct buffer and runs the flushes it caused. */
  ServerFixture send(String wire) {
    return send(Unpooled.directBuffer().writeBytes(wire.getBytes(StandardCharsets.ISO_8859_1)));
  }

  ServerFixture send(ByteBuf bytes) {
    channel.writeInbound(bytes);
    channel.runPendingTasks();
    return this;
  }

  /** Everything written so far, as text. */
  String written() {
    StringBuilder out = new StringBuilder();
    for (Object msg; (msg = channel.readOutbound()) != null; ) {
      ByteBuf buf = (ByteBuf) msg;
      out.append(buf.toString(StandardCharsets.ISO_8859_1));
      buf.release();
    }
    return out.toString();
  }

  Exchange last() {
    return exchanges.get(exchanges.size() - 1);
  }

  private ServerStreamListener accept(ServerStream stream) {
    Exchange exchange = new Exchange(stream);
    exchanges.add(exchange);
    return exchange;
  }

  @Override
  public void close() {
    channel.finishAndReleaseAll();
  }

  /** One request as the proxy would see it. */
  final class Exchange implements ServerStreamListener {
    final ServerStream stream;
    RequestHead head;
    final StringBuilder body = new StringBuilder();
    HeaderMap trailers;
    ResetReason reset;
    boolean ended;

    Exchange(ServerStream stream) {
      this.stream = stream;
    }

    @Override
    public void onHeaders(RequestHead head, boolean endStream) {
      this.head = head;
      if (endStream) {
        end();
      }
    }

    @Override
    public void onData(ByteBuf data, boolean endStream) {
      onChunk.accept(data);
      body.append(data.toString(StandardCharsets.ISO_8859_1));
      stream.consumed(data.readableBytes());
      data.release();
      if (endStream) {
        end();
      }
    }

    @Override
    public void onTrailers(HeaderMap trailers) {
      this.trailers = trailers;
      end();
    }

    private void end() {
      ended = true;
      onRequestEnd.accept(this);
    }

    @Override
    public void onReset(ResetReason reason) {
      reset = reason;
    }

    @Override
    public void onWritabilityChanged(boolean writable) {}
  }
}

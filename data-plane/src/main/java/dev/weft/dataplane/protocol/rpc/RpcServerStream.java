package dev.weft.dataplane.protocol.rpc;

import dev.weft.dataplane.protocol.ConnectionInfo;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ResponseHead;
import dev.weft.dataplane.protocol.ServerStream;
import dev.weft.dataplane.protocol.ServerStreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

/**
 * One RPC call from a downstream client. Its response goes back with the request ID the client
 * chose, whatever ID the request carried upstream. An RPC call is never reset on its own (other
 * calls share the connection): failures are answered with an error frame of the protocol.
 */
final class RpcServerStream implements ServerStream {
  private final RpcServerHandler handler;
  private final RpcFrame request;
  private final long clientId;
  private final boolean oneway;
  private ServerStreamListener listener;
  private boolean done;

  RpcServerStream(RpcServerHandler handler, RpcFrame request) {
    this.handler = handler;
    this.request = request;
    this.clientId = request.requestId();
    this.oneway = request.kind() == RpcFrame.Kind.ONEWAY_REQUEST;
    this.done = oneway;
  }

  void attach(ServerStreamListener listener) {
    this.listener = listener;
  }

  void writabilityChanged(boolean writable) {
    if (!done) {
      listener.onWritabilityChanged(writable);
    }
  }

  void abort(ResetReason reason) {
    if (done) {
      return;
    }
    done = true;
    listener.onReset(reason);
  }

  @Override
  public EventLoop eventLoop() {
    return handler.context().channel().eventLoop();
  }

  @Override
  public ConnectionInfo connection() {
    return handler.connection();
  }

  @Override
  public void sendHeaders(ResponseHead head, boolean endStream) {
    if (done) {
      head.release();
      return;
    }
    if (head instanceof RpcResponseHead && head.protocol().equals(handler.codec().name())) {
      RpcFrame response = ((RpcResponseHead) head).frame();
      response.setRequestId(clientId);
      ByteBuf wire = response.encodeForWire();
      head.release();
      write(wire);
    } else {
      head.release();
      write(
          errorResponse(
              LocalReply.of(
                  LocalReply.Kind.UPSTREAM_RESET,
                  "upstream answered in " + head.protocol() + ", not " + handler.codec().name())));
    }
  }

  @Override
  public void sendData(ByteBuf data, boolean endStream) {
    data.release(); // an RPC response travels whole in its head
  }

  @Override
  public void sendTrailers(HeaderMap trailers) {}

  @Override
  public void sendLocalReply(LocalReply reply) {
    if (done) {
      return;
    }
    write(errorResponse(reply));
  }

  /**
   * An error response under the client's ID. The request's bytes may still sit, unflushed, in an
   * upstream connection's outbound buffer under that connection's ID (a timeout while the upstream
   * was not writable): the ID is restored before anything else runs on this loop (upstream
   * connections live on their downstream's loop), so those bytes never go out under the client's
   * ID, which could be another call's ID on that connection.
   */
  private ByteBuf errorResponse(LocalReply reply) {
    long sent = request.requestId();
    if (sent == clientId) {
      return handler.codec().errorResponse(request, reply, handler.context().alloc());
    }
    request.setRequestId(clientId);
    try {
      return handler.codec().errorResponse(request, reply, handler.context().alloc());
    } finally {
      request.setRequestId(sent);
    }
  }

  @Override
  public void reset(ResetReason reason) {
    sendLocalReply(
        LocalReply.of(
            LocalReply.Kind.UPSTREAM_RESET, "upstream reset: " + reason.name().toLowerCase()));
  }

  @Override
  public boolean isWritable() {
    return handler.context().channel().isWritable();
  }

  @Override
  public void consumed(int bytes) {}

  @Override
  public boolean responseStarted() {
    return done;
  }

  private void write(ByteBuf wire) {
    done = true;
    handler.streamDone(this);
    handler.flusher().write(handler.context().channel(), wire);
  }
}

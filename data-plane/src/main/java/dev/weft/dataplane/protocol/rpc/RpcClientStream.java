package dev.weft.dataplane.protocol.rpc;

import dev.weft.dataplane.protocol.ClientStream;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResetReason;
import io.netty.buffer.ByteBuf;

/** One RPC call on an upstream connection, under an ID of that connection's choosing. */
final class RpcClientStream implements ClientStream {
  private final RpcClientConnection connection;
  private final ClientStreamListener listener;
  private long id;
  private boolean done;

  RpcClientStream(RpcClientConnection connection, ClientStreamListener listener) {
    this.connection = connection;
    this.listener = listener;
  }

  @Override
  public void sendHeaders(RequestHead head, boolean endStream) {
    String protocol = connection.codec().name();
    if (!(head instanceof RpcRequestHead) || !head.protocol().equals(protocol)) {
      // RPC protocols are not converted into each other: the route must keep the protocol.
      done = true;
      connection.onewaySent();
      connection.eventLoop().execute(() -> listener.onReset(ResetReason.PROTOCOL_ERROR));
      return;
    }
    RpcRequestHead rpcHead = (RpcRequestHead) head;
    id = connection.nextId();
    ByteBuf wire = rpcHead.firstSend() ? rewrite(rpcHead.frame(), id) : resend(rpcHead.frame(), id);
    if (head.oneway()) {
      done = true;
      connection.send(id, null, wire);
      connection.onewaySent();
    } else {
      connection.send(id, this, wire);
    }
  }

  private static ByteBuf rewrite(RpcFrame frame, long id) {
    frame.setRequestId(id);
    return frame.encodeForWire();
  }

  /**
   * A retry: the earlier try's bytes share the frame's memory and may not have left their
   * connection's outbound buffer yet, so rewriting the ID in place could change them. The retry
   * sends a copy instead (retries are rare; the first try never copies).
   */
  private ByteBuf resend(RpcFrame frame, long id) {
    ByteBuf encoded = frame.encodeForWire();
    ByteBuf copy;
    try {
      copy = connection.channel().alloc().buffer(encoded.readableBytes()).writeBytes(encoded);
    } finally {
      encoded.release();
    }
    RpcFrame again;
    try {
      again = connection.codec().decode(copy);
    } catch (RuntimeException e) {
      copy.release();
      throw e;
    }
    try {
      return rewrite(again, id);
    } finally {
      again.release();
    }
  }

  @Override
  public void sendData(ByteBuf data, boolean endStream) {
    data.release(); // an RPC request travels whole in its head
  }

  @Override
  public void sendTrailers(HeaderMap trailers) {}

  @Override
  public void reset(ResetReason reason) {
    if (done) {
      return;
    }
    done = true;
    // The upstream may still answer; the answer is then dropped as a response to no call.
    connection.forget(id, this);
  }

  @Override
  public boolean isWritable() {
    return connection.channel().isWritable();
  }

  @Override
  public void consumed(int bytes) {}

  void onResponse(RpcFrame frame) {
    if (done) {
      frame.release();
      return;
    }
    done = true;
    listener.onHeaders(new RpcResponseHead(connection.codec().name(), frame), true);
  }

  void writabilityChanged(boolean writable) {
    if (!done) {
      listener.onWritabilityChanged(writable);
    }
  }

  void fail(ResetReason reason) {
    if (done) {
      return;
    }
    done = true;
    listener.onReset(reason);
  }
}

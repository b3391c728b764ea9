package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.network.ReadGate;
import dev.weft.dataplane.protocol.ConnectionInfo;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ServerContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downstream HTTP/1 connection: decodes its bytes ({@link Http1Decoder}) into {@link
 * Http1ServerStream}s, one at a time. A request pipelined behind the one being answered is parsed
 * only once that exchange is complete; reading stops while more than {@value #MAX_HELD_BYTES} such
 * bytes wait. Malformed requests get 400 (414, 431, 505) and the connection closes.
 */
final class Http1ServerHandler extends ChannelInboundHandlerAdapter implements Http1Decoder.Sink {
  private static final Logger log = LoggerFactory.getLogger(Http1ServerHandler.class);

  /** Unparsed pipelined bytes held before reading stops. */
  static final int MAX_HELD_BYTES = 64 * 1024;

  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final ServerContext context;
  private final Flusher flusher;
  private final Http1Decoder decoder;
  private final Http1UpgradeHandler upgrades;
  private ChannelHandlerContext ctx;
  private ReadGate gate;
  private ConnectionInfo connection;
  private Http1ServerStream current;
  private int requests;
  private boolean closing;
  private boolean readingHeld;
  private ByteBuf upgradedRest;

  /** {@code upgrades} is null when the listener offers no other protocol. */
  Http1ServerHandler(ServerContext context, Http1UpgradeHandler upgrades) {
    this.context = context;
    this.flusher = context.flusher();
    this.decoder = Http1Decoder.forRequests(this, context.options());
    this.upgrades = upgrades;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.gate = new ReadGate(ctx.channel());
    this.connection =
        new ConnectionInfo(inet(ctx.channel().localAddress()), inet(ctx.channel().remoteAddress()));
  }

  private static InetSocketAddress inet(SocketAddress address) {
    return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    decoder.release();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    decoder.feed((ByteBuf) msg);
    if (upgradedRest != null) {
      switchProtocols();
    } else if (current != null && !readingHeld && decoder.heldBytes() > MAX_HELD_BYTES) {
      readingHeld = true;
      ctx.channel().config().setAutoRead(false);
    }
  }

  // ----- Http1Decoder.Sink -----

  @Override
  public boolean readyForMessage() {
    return current == null && !closing;
  }

  @Override
  public void head(Http1Message message, boolean last) {
    Http1RequestHead head = (Http1RequestHead) message;
    requests++;
    if (upgrades != null
        && requests == 1
        && last
        && head.fields.has(Http1Names.UPGRADE)
        && upgrades.upgrade(ctx, head)) {
      upgradedRest = decoder.detach();
      return;
    }
    if (head.expect && !answerExpectation(head, last)) {
      return;
    }
    current = new Http1ServerStream(this, ctx.channel(), flusher, gate, connection, head);
    current.start(context.acceptor(), last);
  }

  @Override
  public void content(ByteBuf data, boolean last) {
    if (current == null || current.requestEnded()) {
      data.release(); // the rest of a request answered early
      return;
    }
    current.requestContent(data, last);
  }

  @Override
  public void trailers(Http1Fields trailers) {
    if (current != null && !current.requestEnded()) {
      current.requestTrailers(trailers);
    }
  }

  @Override
  public void failed(Http1ParseException cause) {
    log.debug("bad request from {}: {}", connection.remoteAddress(), cause.getMessage());
    Http1ServerStream stream = current;
    current = null;
    if (stream != null) {
      stream.abort(ResetReason.PROTOCOL_ERROR);
      if (stream.responseStarted()) {
        closing = true;
        ctx.close(); // a response is on its way: no room for an error response
        return;
      }
    }
    reject(cause.status(), true);
  }

  // ----- exchanges -----

  /**
   * Answers {@code Expect: 100-continue} at once (the upstream never sees it: the body follows
   * regardless); HTTP/1.0 clients cannot expect it and it is ignored (RFC 9110 §10.1.1). Any other
   * expectation gets 417 and the connection closes.
   */
  private boolean answerExpectation(Http1RequestHead head, boolean last) {
    String expect = head.fields.get("expect");
    if (expect != null && expect.trim().equalsIgnoreCase("100-continue")) {
      head.fields.remove("expect");
      if (!head.http10 && !last) {
        flusher.write(ctx.channel(), Unpooled.wrappedBuffer(CONTINUE));
      }
      return true;
    }
    reject(HttpResponseStatus.EXPECTATION_FAILED.code(), false);
    return false;
  }

  /** Called by the stream when both its request and its response are complete. */
  void streamComplete(Http1ServerStream stream, boolean keepAlive) {
    if (stream != current) {
      return;
    }
    current = null;
    if (!keepAlive) {
      closeAfterFlush();
      return;
    }
    if (readingHeld) {
      readingHeld = false;
      if (!gate.isPaused()) {
        ctx.channel().config().setAutoRead(true);
      }
    }
    decoder.resume();
  }

  /** Answers with an error of the sidecar's own, then closes: the byte stream is lost. */
  private void reject(int code, boolean withBody) {
    HttpResponseStatus status = HttpResponseStatus.valueOf(code);
    String body = withBody ? status.reasonPhrase() + "\n" : "";
    String response =
        "HTTP/1.1 "
            + status
            + "\r\n"
            + (withBody ? "content-type: text/plain\r\n" : "")
            + "content-length: "
            + body.length()
            + "\r\nconnection: close\r\n\r\n"
            + body;
    closing = true;
    decoder.stop();
    ByteBuf bytes = Unpooled.copiedBuffer(response, StandardCharsets.US_ASCII);
    ctx.channel().writeAndFlush(bytes).addListener(ChannelFutureListener.CLOSE);
  }

  void closeAfterFlush() {
    closing = true;
    decoder.stop();
    ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  /** The first request switched protocols: the new codec takes over the bytes that followed it. */
  private void switchProtocols() {
    ByteBuf rest = upgradedRest;
    upgradedRest = null;
    ctx.pipeline().remove(this);
    if (rest.isReadable()) {
      ctx.fireChannelRead(rest);
    } else {
      rest.release();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null) {
      current.writabilityChanged(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    decoder.stop();
    if (current != null) {
      Http1ServerStream stream = current;
      current = null;
      stream.abort(ResetReason.CONNECTION_TERMINATION);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("downstream connection {} failed: {}", connection.remoteAddress(), cause.toString());
    ctx.close();
  }
}

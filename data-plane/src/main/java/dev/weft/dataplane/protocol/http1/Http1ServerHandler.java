package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.network.ReadGate;
import dev.weft.dataplane.protocol.ConnectionInfo;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ServerContext;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downstream HTTP/1 connection: turns Netty's decoded {@link HttpObject}s into {@link
 * Http1ServerStream}s, one at a time. Requests pipelined behind the active one wait, in order,
 * until its response is complete.
 */
final class Http1ServerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Http1ServerHandler.class);

  /** Pipelined messages held before reading stops. */
  private static final int MAX_PIPELINED = 64;

  private final ServerContext context;
  private final Flusher flusher;
  private final ArrayDeque<Object> pipelined = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private ReadGate gate;
  private ConnectionInfo connection;
  private Http1ServerStream current;
  private boolean closing;

  Http1ServerHandler(ServerContext context) {
    this.context = context;
    this.flusher = context.flusher();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.gate = new ReadGate(ctx.channel());
    this.connection =
        new ConnectionInfo(
            (InetSocketAddress) ctx.channel().localAddress(),
            (InetSocketAddress) ctx.channel().remoteAddress());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (current != null && (current.requestEnded() || !pipelined.isEmpty())) {
      // A request pipelined behind the one being answered.
      pipelined.add(msg);
      if (pipelined.size() == MAX_PIPELINED) {
        ctx.channel().config().setAutoRead(false);
      }
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest) {
      HttpRequest request = (HttpRequest) msg;
      if (request.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        rejectBadRequest(request.decoderResult());
        return;
      }
      if (request.headers().contains(HttpHeaderNames.EXPECT) && !answerExpectation(request)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      current = new Http1ServerStream(this, ctx.channel(), flusher, gate, connection, request);
      current.start(context.acceptor());
      if (msg instanceof HttpContent) {
        deliverContent((HttpContent) msg);
      }
    } else if (msg instanceof HttpContent) {
      deliverContent((HttpContent) msg);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void deliverContent(HttpContent content) {
    if (content.decoderResult().isFailure()) {
      content.release();
      if (current != null) {
        current.abort(ResetReason.PROTOCOL_ERROR);
      }
      rejectBadRequest(content.decoderResult());
      return;
    }
    if (current == null || current.requestEnded()) {
      // The empty last content after a body-less request, or the rest of a request answered early.
      content.release();
      return;
    }
    current.requestContent(content);
  }

  /**
   * Answers {@code Expect: 100-continue} at once (the upstream never sees it: the body follows
   * regardless); an expectation Weft cannot meet gets 417 and the connection closes.
   */
  private boolean answerExpectation(HttpRequest request) {
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.write(
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
      flusher.markDirty(ctx.channel());
      request.headers().remove(HttpHeaderNames.EXPECT);
      return true;
    }
    closing = true;
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.EXPECTATION_FAILED, Unpooled.EMPTY_BUFFER);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
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
    if (!pipelined.isEmpty()) {
      ctx.channel().config().setAutoRead(true);
      while (!pipelined.isEmpty() && (current == null || !current.requestEnded())) {
        dispatch(pipelined.poll());
      }
    }
  }

  /** Answers a request Netty could not decode, then closes: the byte stream is lost. */
  private void rejectBadRequest(DecoderResult result) {
    Throwable cause = result.cause();
    HttpResponseStatus status = HttpResponseStatus.BAD_REQUEST;
    if (cause instanceof TooLongHttpHeaderException) {
      status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    } else if (cause instanceof TooLongHttpLineException) {
      status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
    } else if (cause instanceof TooLongFrameException) {
      status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    }
    log.debug("bad request from {}: {}", connection.remoteAddress(), String.valueOf(cause));
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            Unpooled.copiedBuffer(status.reasonPhrase() + "\n", StandardCharsets.US_ASCII));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    closing = true;
    current = null;
    ctx.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  void closeAfterFlush() {
    closing = true;
    releasePipelined();
    ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
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
    releasePipelined();
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

  private void releasePipelined() {
    for (Object msg; (msg = pipelined.poll()) != null; ) {
      ReferenceCountUtil.release(msg);
    }
  }
}

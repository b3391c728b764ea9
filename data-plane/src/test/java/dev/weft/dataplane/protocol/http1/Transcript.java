package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.ProtocolOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a decoder made of some bytes, as text both Weft's {@link Http1Decoder} and Netty's decoders
 * can be reduced to: each message's start line, fields, body bytes (however they were split) and
 * trailers, and how decoding failed (400, 414 or 431).
 */
final class Transcript {
  static final int MAX_LINE = 256;
  static final int MAX_FIELDS = 512;

  private final StringBuilder text = new StringBuilder();
  private final StringBuilder body = new StringBuilder();
  private boolean inMessage;
  private boolean failed;

  private Transcript() {}

  /** Weft's decoder, fed {@code pieces} one by one; {@code methods} are the requests answered. */
  static String weft(List<byte[]> pieces, boolean requests, List<String> methods) {
    Transcript transcript = new Transcript();
    Http1Decoder decoder;
    Recorder recorder = new Recorder(transcript);
    if (requests) {
      decoder =
          Http1Decoder.forRequests(
              recorder, new ProtocolOptions(MAX_FIELDS, MAX_LINE, 100, 65_535));
    } else {
      decoder = Http1Decoder.forResponses(recorder, MAX_LINE, MAX_FIELDS);
      methods.forEach(method -> decoder.expectResponse(method.equals("HEAD")));
    }
    for (byte[] piece : pieces) {
      ByteBuf in = Unpooled.wrappedBuffer(piece);
      decoder.feed(in);
      if (piece.length > 0 && in.refCnt() != 0) { // (an empty piece is the shared EMPTY_BUFFER)
        throw new AssertionError("the decoder kept a buffer it needs no more");
      }
    }
    if (!requests) {
      decoder.inputClosed();
    }
    decoder.release();
    return transcript.finish();
  }

  /** Netty's decoder: HttpRequestDecoder, or HttpClientCodec told of the requests' methods. */
  static String netty(List<byte[]> pieces, boolean requests, List<String> methods) {
    HttpDecoderConfig config =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(MAX_LINE)
            .setMaxHeaderSize(MAX_FIELDS)
            .setMaxChunkSize(1 << 20);
    EmbeddedChannel channel =
        new EmbeddedChannel(
            requests ? new HttpRequestDecoder(config) : new HttpClientCodec(config, false, false));
    // Heap buffers: Netty's paranoid leak tracking of direct ones makes thousands of runs slow.
    channel.config().setAllocator(new UnpooledByteBufAllocator(false));
    if (!requests) {
      for (String method : methods) {
        channel.writeOutbound(
            new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), "/"));
        for (Object out; (out = channel.readOutbound()) != null; ) {
          ReferenceCountUtil.release(out);
        }
      }
    }
    Transcript transcript = new Transcript();
    for (byte[] piece : pieces) {
      channel.writeInbound(Unpooled.copiedBuffer(piece)); // Netty compacts its input in place
      transcript.drain(channel);
    }
    if (requests) {
      channel.finishAndReleaseAll(); // a request cut short is simply incomplete here
    } else {
      channel.finish(); // the end of a body delimited by the close
      transcript.drain(channel);
    }
    return transcript.finish();
  }

  private void drain(EmbeddedChannel channel) {
    for (Object msg; (msg = channel.readInbound()) != null; ) {
      try {
        netty((HttpObject) msg);
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  private void netty(HttpObject msg) {
    if (failed) {
      return; // Netty follows a failed head with a failed last content
    }
    if (msg.decoderResult().isFailure()) {
      Throwable cause = msg.decoderResult().cause();
      fail(
          cause instanceof TooLongHttpLineException
              ? 414
              : cause instanceof TooLongFrameException ? 431 : 400);
      return;
    }
    if (msg instanceof HttpMessage) {
      StringBuilder line = new StringBuilder();
      if (msg instanceof HttpRequest) {
        HttpRequest request = (HttpRequest) msg;
        line.append(request.method()).append(' ').append(request.uri());
        line.append(' ').append(request.protocolVersion());
      } else {
        HttpResponse response = (HttpResponse) msg;
        line.append(response.protocolVersion()).append(' ').append(response.status().code());
      }
      List<String> fields = new ArrayList<>();
      ((HttpMessage) msg).headers().forEach(e -> fields.add(e.getKey() + ": " + e.getValue()));
      head(line.toString(), fields);
    }
    if (msg instanceof HttpContent) {
      body.append(((HttpContent) msg).content().toString(StandardCharsets.ISO_8859_1));
      if (msg instanceof LastHttpContent) {
        List<String> trailers = new ArrayList<>();
        ((LastHttpContent) msg)
            .trailingHeaders()
            .forEach(e -> trailers.add(e.getKey() + ": " + e.getValue()));
        end(trailers);
      }
    }
  }

  private void head(String startLine, List<String> fields) {
    text.append("HEAD ").append(startLine).append('\n');
    fields.forEach(field -> text.append("  ").append(field).append('\n'));
    inMessage = true;
  }

  private void end(List<String> trailers) {
    if (body.length() > 0) {
      text.append("BODY ").append(body).append('\n');
      body.setLength(0);
    }
    trailers.forEach(field -> text.append("  trailer ").append(field).append('\n'));
    text.append("END\n");
    inMessage = false;
  }

  private void fail(int status) {
    failed = true;
    inMessage = false;
    if (body.length() > 0) {
      text.append("BODY ").append(body).append('\n');
      body.setLength(0);
    }
    text.append("FAIL ").append(status).append('\n');
  }

  private String finish() {
    if (inMessage) {
      text.append(body.length() > 0 ? "BODY " + body + "\n" : "").append("INCOMPLETE\n");
    }
    return text.toString();
  }

  /** Weft's decoder events, into a transcript. */
  private static final class Recorder implements Http1Decoder.Sink {
    private final Transcript transcript;
    private boolean failed;

    Recorder(Transcript transcript) {
      this.transcript = transcript;
    }

    @Override
    public boolean readyForMessage() {
      return true;
    }

    @Override
    public void head(Http1Message message, boolean last) {
      String startLine;
      if (message instanceof Http1RequestHead) {
        Http1RequestHead request = (Http1RequestHead) message;
        startLine = request.method() + " " + request.path() + " " + request.version();
      } else {
        startLine = message.version() + " " + ((Http1ResponseHead) message).status();
      }
      List<String> fields = new ArrayList<>();
      message.fields.forEach((name, value) -> fields.add(name + ": " + value));
      transcript.head(startLine, fields);
      if (last) {
        transcript.end(List.of());
      }
    }

    @Override
    public void content(ByteBuf data, boolean last) {
      transcript.body.append(data.toString(StandardCharsets.ISO_8859_1));
      data.release();
      if (last) {
        transcript.end(List.of());
      }
    }

    @Override
    public void trailers(Http1Fields trailers) {
      List<String> fields = new ArrayList<>();
      trailers.forEach((name, value) -> fields.add(name + ": " + value));
      transcript.end(fields);
    }

    @Override
    public void failed(Http1ParseException cause) {
      if (failed) {
        throw new AssertionError("failed twice");
      }
      failed = true;
      transcript.fail(cause.status());
    }
  }
}

package dev.weft.peers.sofa;

import dev.weft.peers.common.Args;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thin Bolt v1 load generator on one Netty event loop. Each of {@code --connections} keeps {@code
 * --depth} requests outstanding and numbers its requests 1, 2, 3... on its own, so every connection
 * uses the same request IDs at the same time: a proxy that multiplexes them upstream must rewrite
 * IDs and give each reply back to the right caller. With {@code --verify true} every request
 * carries its own token and every reply is checked against it.
 *
 * <pre>
 * bolt-load --target 127.0.0.1:12220 [--kind sofa|plain] [--service dev.weft.peers.sofa.EchoService:1.0]
 *           [--connections 4] [--depth 8] [--warmup-s 5] [--duration-s 10 | --calls N]
 *           [--verify false] [--cpu-pids 123,456] [--hz 100]
 * </pre>
 *
 * It prints one {@code SUMMARY} line for the measured phase (after the warm-up): calls, ok,
 * mismatches, errors, p50/p99 in µs, rps, and for each PID in {@code --cpu-pids} the CPU time
 * (utime+stime from /proc) that process spent per completed request, as {@code cpuus.PID=}.
 */
final class BoltLoad {
  private final String target;
  private final boolean sofa;
  private final String service;
  private final boolean verify;
  private final long callLimit;
  private final byte[] sharedFrame;
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private volatile boolean measuring;
  private volatile boolean stopping;
  private final List<Conn> conns = new ArrayList<>();

  private BoltLoad(Args args) throws Exception {
    this.target = args.require("target");
    this.sofa = args.get("kind", "sofa").equals("sofa");
    this.service = args.get("service", EchoService.class.getName() + ":1.0");
    this.verify = Boolean.parseBoolean(args.get("verify", "false"));
    this.callLimit = args.has("calls") ? Long.parseLong(args.get("calls", "0")) : Long.MAX_VALUE;
    this.sharedFrame = verify ? null : build("load");
  }

  static int run(Args args) throws Exception {
    return new BoltLoad(args).go(args);
  }

  private byte[] build(String token) throws Exception {
    return sofa ? BoltFrames.sofaEcho(service, token, 5000) : BoltFrames.plainString(token, 5000);
  }

  private int go(Args args) throws Exception {
    int connections = args.getInt("connections", 1);
    int depth = args.getInt("depth", 1);
    long warmupNanos = TimeUnit.SECONDS.toNanos(args.getInt("warmup-s", 0));
    long durationNanos = TimeUnit.SECONDS.toNanos(args.getInt("duration-s", 10));
    String[] host = target.split(":");
    EventLoopGroup group = new NioEventLoopGroup(1);
    try {
      Bootstrap bootstrap =
          new Bootstrap()
              .group(group)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      Conn conn = new Conn(conns.size(), depth);
                      conns.add(conn);
                      channel.pipeline().addLast(new FrameDecoder(), conn);
                    }
                  });
      List<Channel> channels = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        channels.add(bootstrap.connect(host[0], Integer.parseInt(host[1])).sync().channel());
      }
      boolean warmup = warmupNanos > 0 && callLimit == Long.MAX_VALUE;
      measuring = !warmup;
      long[] ticksBefore = warmup ? null : ticks(args.get("cpu-pids", ""));
      long start = System.nanoTime();
      for (Channel channel : channels) {
        channel.eventLoop().execute(() -> ((Conn) channel.pipeline().last()).fill(channel));
      }
      if (warmup) {
        TimeUnit.NANOSECONDS.sleep(warmupNanos);
        ticksBefore = ticks(args.get("cpu-pids", ""));
        start = System.nanoTime();
        measuring = true;
      }
      long deadline = start + durationNanos;
      while (System.nanoTime() < deadline && !allDone()) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
      stopping = true;
      long stop = System.nanoTime();
      long[] ticksAfter = ticks(args.get("cpu-pids", ""));
      long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < drainDeadline && conns.stream().anyMatch(c -> c.inFlight() > 0)) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
      for (Channel channel : channels) {
        channel.close().sync();
      }
      System.out.println(summary(args, stop - start, ticksBefore, ticksAfter));
      return 0;
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private boolean allDone() {
    return callLimit != Long.MAX_VALUE && completed.get() >= callLimit;
  }

  private String summary(Args args, long elapsed, long[] before, long[] after) {
    long ok = 0;
    long mismatches = 0;
    long errors = 0;
    long lost = 0;
    int count = 0;
    Map<String, Integer> kinds = new TreeMap<>();
    String firstError = null;
    for (Conn conn : conns) {
      ok += conn.ok;
      mismatches += conn.mismatches;
      errors += conn.errors;
      lost += conn.inFlight();
      count += conn.latencyCount;
      conn.kinds.forEach((k, v) -> kinds.merge(k, v, Integer::sum));
      if (firstError == null) {
        firstError = conn.firstError;
      }
    }
    if (lost > 0) {
      kinds.merge("lost", (int) lost, Integer::sum);
    }
    long[] all = new long[count];
    int at = 0;
    for (Conn conn : conns) {
      System.arraycopy(conn.latencies, 0, all, at, conn.latencyCount);
      at += conn.latencyCount;
    }
    Arrays.sort(all);
    StringBuilder line = new StringBuilder("SUMMARY");
    long calls = ok + mismatches + errors + lost;
    line.append(" calls=").append(calls);
    line.append(" ok=").append(ok);
    line.append(" mismatches=").append(mismatches);
    line.append(" errors=").append(errors + lost);
    line.append(" p50us=").append(percentile(all, 0.50) / 1000);
    line.append(" p99us=").append(percentile(all, 0.99) / 1000);
    line.append(" elapsedms=").append(elapsed / 1_000_000);
    line.append(" rps=").append(Math.round((ok + mismatches + errors) * 1e9 / elapsed));
    String[] pids =
        args.get("cpu-pids", "").isEmpty() ? new String[0] : args.get("cpu-pids", "").split(",");
    double hz = Double.parseDouble(args.get("hz", "100"));
    for (int i = 0; i < pids.length; i++) {
      double micros = (after[i] - before[i]) * 1e6 / hz / Math.max(1, ok + mismatches + errors);
      line.append(" cpuus.").append(pids[i]).append('=').append(String.format("%.1f", micros));
    }
    StringBuilder kindList = new StringBuilder();
    kinds.forEach((k, v) -> kindList.append(kindList.length() == 0 ? "" : ",").append(k + ":" + v));
    line.append(" kinds=").append(kindList.length() == 0 ? "-" : kindList);
    line.append(" firstError=").append(firstError == null ? "-" : firstError);
    return line.toString();
  }

  private static long[] ticks(String pids) throws Exception {
    if (pids.isEmpty()) {
      return new long[0];
    }
    String[] list = pids.split(",");
    long[] ticks = new long[list.length];
    for (int i = 0; i < list.length; i++) {
      String stat =
          new String(
              Files.readAllBytes(Paths.get("/proc", list[i], "stat")), StandardCharsets.UTF_8);
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      ticks[i] = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
    }
    return ticks;
  }

  private static long percentile(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Splits the byte stream into whole Bolt v1 frames. */
  private static final class FrameDecoder extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      while (in.readableBytes() >= BoltFrames.RESPONSE_HEADER) {
        int base = in.readerIndex();
        boolean request = in.getByte(base + 1) != 0;
        int headerSize = request ? BoltFrames.REQUEST_HEADER : BoltFrames.RESPONSE_HEADER;
        if (in.readableBytes() < headerSize) {
          return;
        }
        int lengths = base + headerSize - 8;
        int size =
            headerSize
                + in.getUnsignedShort(lengths)
                + in.getUnsignedShort(lengths + 2)
                + in.getInt(lengths + 4);
        if (in.readableBytes() < size) {
          return;
        }
        out.add(in.readRetainedSlice(size));
      }
    }
  }

  /** One connection: its own request IDs from 1, its outstanding requests, its counts. */
  private final class Conn extends ChannelInboundHandlerAdapter {
    private final int index;
    private final int depth;
    private final Map<Integer, Long> sentAt = new HashMap<>();
    private final Map<Integer, String> tokens = new HashMap<>();
    private int nextId = 1;
    private long ok;
    private long mismatches;
    private long errors;
    private final Map<String, Integer> kinds = new TreeMap<>();
    private String firstError;
    private long[] latencies = new long[1 << 16];
    private int latencyCount;
    private Channel channel;

    Conn(int index, int depth) {
      this.index = index;
      this.depth = depth;
    }

    int inFlight() {
      return sentAt.size();
    }

    void fill(Channel channel) {
      this.channel = channel;
      while (sentAt.size() < depth && sendOne()) {
        // keep filling the window
      }
      channel.flush();
    }

    private boolean sendOne() {
      if (stopping || sent.get() >= callLimit) {
        return false;
      }
      if (callLimit != Long.MAX_VALUE && sent.incrementAndGet() > callLimit) {
        return false;
      }
      int id = nextId++;
      byte[] frame;
      if (verify) {
        String token = String.format("c%03d-%09d", index, id);
        tokens.put(id, token);
        try {
          frame = build(token);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      } else {
        frame = sharedFrame;
      }
      ByteBuf buf = verify ? Unpooled.wrappedBuffer(frame) : Unpooled.copiedBuffer(frame);
      buf.setInt(BoltFrames.REQUEST_ID_OFFSET, id);
      sentAt.put(id, System.nanoTime());
      channel.write(buf);
      return true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf frame = (ByteBuf) msg;
      try {
        int base = frame.readerIndex();
        int id = frame.getInt(base + BoltFrames.REQUEST_ID_OFFSET);
        if (frame.getByte(base + 1) != 0) {
          // A heartbeat from the other side: acknowledge it.
          if (frame.getShort(base + 2) == 0) {
            ByteBuf ack = Unpooled.buffer(BoltFrames.RESPONSE_HEADER);
            ack.writeByte(1).writeByte(0).writeShort(0).writeByte(1).writeInt(id).writeByte(1);
            ack.writeShort(0).writeShort(0).writeShort(0).writeInt(0);
            ctx.writeAndFlush(ack);
          }
          return;
        }
        Long start = sentAt.remove(id);
        if (start == null) {
          note("unknown-id", "a reply for request ID " + id + " that is not outstanding");
          return;
        }
        completed.incrementAndGet();
        long latency = System.nanoTime() - start;
        String token = tokens.remove(id);
        int status = frame.getUnsignedShort(base + 10);
        int classLen = frame.getUnsignedShort(base + 12);
        byte[] clazz = new byte[classLen];
        frame.getBytes(base + BoltFrames.RESPONSE_HEADER, clazz);
        byte[] content = new byte[frame.getInt(base + 16)];
        frame.getBytes(
            base + BoltFrames.RESPONSE_HEADER + classLen + frame.getUnsignedShort(base + 14),
            content);
        if (status != 0) {
          note(
              "status" + status,
              "status "
                  + status
                  + " for request "
                  + id
                  + ": "
                  + BoltFrames.errorText(clazz, content));
        } else if (verify) {
          String reply;
          try {
            reply = sofa ? BoltFrames.sofaReply(content) : BoltFrames.plainReply(content);
          } catch (Exception e) {
            reply = "undecodable: " + e;
          }
          if (("echo:" + token).equals(reply)) {
            ok++;
          } else {
            mismatches++;
            if (firstError == null) {
              firstError = "mismatch: sent " + token + ", got " + reply;
            }
          }
        } else {
          ok++;
        }
        if (measuring) {
          if (latencyCount == latencies.length) {
            latencies = Arrays.copyOf(latencies, latencies.length * 2);
          }
          latencies[latencyCount++] = latency;
        } else {
          // Warm-up replies are not counted.
          ok = 0;
          mismatches = 0;
          errors = 0;
          kinds.clear();
          firstError = null;
        }
        sendOne();
      } finally {
        frame.release();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!stopping && !sentAt.isEmpty()) {
        note("closed", "the connection closed with " + sentAt.size() + " requests outstanding");
        errors += sentAt.size() - 1;
        completed.addAndGet(sentAt.size());
        sentAt.clear();
      }
    }

    private void note(String kind, String message) {
      errors++;
      kinds.merge(kind, 1, Integer::sum);
      if (firstError == null) {
        firstError = kind + ": " + message;
      }
    }
  }
}

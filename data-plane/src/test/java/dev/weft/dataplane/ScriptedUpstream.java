package dev.weft.dataplane;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1 upstream for proxy tests whose paths behave on purpose: {@code /status/503}, {@code
 * /flaky} (503 once, then 200), {@code /hold} (waits until released), {@code /chunked}, {@code
 * /truncated} (dies mid-body), {@code /close} (answers with Connection: close); anything else
 * echoes the method, path, host, selected headers and body.
 */
public final class ScriptedUpstream implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final Set<InetSocketAddress> peers = ConcurrentHashMap.newKeySet();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger flaky = new AtomicInteger();
  private final String name;

  public ScriptedUpstream(String name) throws IOException {
    this.name = name;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public int hits(String path) {
    return hits.getOrDefault(path, new AtomicInteger()).get();
  }

  public int totalHits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Distinct client connections seen. */
  public int connections() {
    return peers.size();
  }

  /** Lets every held request answer. */
  public void release() {
    release.countDown();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    peers.add(exchange.getRemoteAddress());
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    exchange.getResponseHeaders().add("x-upstream", name);
    if (path.startsWith("/status/")) {
      respond(exchange, Integer.parseInt(path.substring("/status/".length())), "status");
    } else if (path.equals("/flaky")) {
      respond(exchange, flaky.getAndIncrement() == 0 ? 503 : 200, "flaky");
    } else if (path.equals("/hold")) {
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(exchange, 200, "held");
    } else if (path.equals("/chunked")) {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        for (String part : new String[] {"one,", "two,", "three"}) {
          out.write(part.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    } else if (path.equals("/truncated")) {
      exchange.sendResponseHeaders(200, 1000);
      OutputStream out = exchange.getResponseBody();
      out.write("only the beginning".getBytes(StandardCharsets.UTF_8));
      out.flush();
      exchange.close(); // fewer bytes than promised: the server drops the connection
    } else if (path.equals("/close")) {
      exchange.getResponseHeaders().add("Connection", "close");
      respond(exchange, 200, "closing");
    } else {
      StringBuilder reply = new StringBuilder();
      reply.append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI());
      reply.append(" host=").append(exchange.getRequestHeaders().getFirst("Host"));
      for (String header : new String[] {"x-added", "x-removed", "x-trace"}) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          reply.append(' ').append(header).append('=').append(value);
        }
      }
      reply.append(" body=").append(new String(body, StandardCharsets.UTF_8));
      respond(exchange, 200, reply.toString());
    }
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}

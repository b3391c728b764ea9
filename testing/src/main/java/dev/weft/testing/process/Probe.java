package dev.weft.testing.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/** A real check that a child process is ready: a port accepts, a URL answers, a line appears. */
public interface Probe {

  /** Returns true once the process is ready; called repeatedly until then. */
  boolean isReady(ChildProcess process) throws Exception;

  /** What is probed, for error messages ("tcp 127.0.0.1:2379"). */
  String describe();

  /** Ready as soon as the process has started. */
  static Probe started() {
    return of("process started", process -> true);
  }

  /** Ready when a TCP connection to {@code host:port} succeeds. */
  static Probe tcp(String host, int port) {
    return of(
        "tcp " + host + ":" + port,
        process -> {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
          } catch (IOException refused) {
            return false;
          }
        });
  }

  /** Ready when a GET of {@code url} answers 200, for example an admin {@code /ready}. */
  static Probe http(URI url) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    return of(
        "GET " + url + " answers 200",
        process -> {
          HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build();
          try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
          } catch (IOException notYet) {
            return false;
          }
        });
  }

  /** Ready when the process has printed a line matching {@code pattern}. */
  static Probe logLine(Pattern pattern) {
    return of("a log line matching /" + pattern + "/", process -> process.hasPrinted(pattern));
  }

  /** A probe from a description and a check. */
  static Probe of(String description, Check check) {
    return new Probe() {
      @Override
      public boolean isReady(ChildProcess process) throws Exception {
        return check.isReady(process);
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }

  /** The check behind {@link #of}. */
  @FunctionalInterface
  interface Check {
    boolean isReady(ChildProcess process) throws Exception;
  }
}

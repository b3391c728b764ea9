package dev.weft.dataplane.proxy;

import dev.weft.dataplane.protocol.bolt.BoltWire;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A Bolt client on a plain socket: writes frames, reads frames (waiting at most 20 s). */
final class BoltClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  BoltClient(InetSocketAddress address) throws IOException {
    socket = new Socket();
    socket.connect(address, 5000);
    socket.setSoTimeout(20_000);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  BoltClient send(byte[] frame) throws IOException {
    out.write(frame);
    out.flush();
    return this;
  }

  BoltWire.Frame read() throws IOException {
    return BoltWire.read(in);
  }

  BoltWire.Frame call(byte[] frame) throws IOException {
    return send(frame).read();
  }

  /** Whether the peer has closed the connection (reads end of stream). */
  boolean closedByPeer() throws IOException {
    try {
      return in.read() < 0;
    } catch (java.net.SocketException e) {
      return true; // reset
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

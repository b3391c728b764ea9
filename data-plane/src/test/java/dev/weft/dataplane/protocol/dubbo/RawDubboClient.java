package dev.weft.dataplane.protocol.dubbo;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A Dubbo consumer reduced to its socket: writes frames, reads frames, nothing in between. Reads
 * give up after 20 s, so a missing answer fails the test instead of hanging it.
 */
final class RawDubboClient implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawDubboClient(InetSocketAddress address) throws IOException {
    socket = new Socket(address.getAddress(), address.getPort());
    socket.setSoTimeout(20_000);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  void send(byte[] frame) throws IOException {
    out.write(frame);
    out.flush();
  }

  RawFrame read() throws IOException {
    RawFrame frame = RawFrame.read(in);
    if (frame == null) {
      throw new IOException("the sidecar closed the connection");
    }
    return frame;
  }

  /** Sends a two-way call and reads the next frame, its answer. */
  RawFrame call(long id, byte[] body) throws IOException {
    send(DubboTestFrames.frame(DubboTestFrames.TWO_WAY_HESSIAN2, 0, id, body));
    return read();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

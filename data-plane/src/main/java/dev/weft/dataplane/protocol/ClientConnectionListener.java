package dev.weft.dataplane.protocol;

/** How a client codec tells its pool about capacity and closing. */
public interface ClientConnectionListener {
  /** A stream ended; the connection may take another. */
  void onStreamEnded(ClientConnection connection);

  /** The connection closed (by either side); it takes no more streams. */
  void onClosed(ClientConnection connection);

  /** The peer asked to stop new streams (HTTP/2 GOAWAY, {@code Connection: close}). */
  void onDraining(ClientConnection connection);
}

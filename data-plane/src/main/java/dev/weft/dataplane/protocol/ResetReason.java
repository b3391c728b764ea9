package dev.weft.dataplane.protocol;

/** Why a stream ended before completing. */
public enum ResetReason {
  /** The peer reset the stream or closed the connection. */
  REMOTE_RESET,
  /** This side reset it (a timeout, a cancelled request). */
  LOCAL_RESET,
  /** The connection failed or closed under the stream. */
  CONNECTION_TERMINATION,
  /** The upstream connection could not be established. */
  CONNECTION_FAILURE,
  /** The peer violated the protocol. */
  PROTOCOL_ERROR,
  /** The stream exceeded a limit (headers, buffers). */
  OVERFLOW
}

package dev.weft.dataplane.protocol;

/** A protocol's verdict on a connection's first bytes. */
public enum Detection {
  MATCH,
  NO_MATCH,
  /** Not enough bytes yet to tell. */
  NEED_MORE_DATA
}

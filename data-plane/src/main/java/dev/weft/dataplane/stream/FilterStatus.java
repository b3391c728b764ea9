package dev.weft.dataplane.stream;

/** What a stream filter tells the chain. */
public enum FilterStatus {
  /** Go on to the next filter. */
  CONTINUE,
  /** Stop here: the filter answered the request, or will call {@link FilterCallbacks#resume()}. */
  STOP
}

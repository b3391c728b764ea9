package dev.weft.dataplane.upstream;

/** A wait that can be abandoned. */
@FunctionalInterface
public interface Cancellable {
  Cancellable NONE = () -> {};

  void cancel();
}

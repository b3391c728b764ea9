package dev.weft.dataplane.extension;

/** Something registered under a name, such as a protocol codec or a load balancer. */
public interface Named {
  /** The name configs use, for example {@code Http1} or {@code LB_ROUNDROBIN}. */
  String name();
}

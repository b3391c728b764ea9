package dev.weft.dataplane.proxy;

/** How a test client or upstream speaks HTTP, and the sidecar protocol name for it. */
enum Wire {
  H1("Http1"),
  H2("Http2");

  final String protocol;

  Wire(String protocol) {
    this.protocol = protocol;
  }
}

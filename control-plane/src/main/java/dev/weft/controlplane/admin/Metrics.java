package dev.weft.controlplane.admin;

import dev.weft.controlplane.xds.XdsServer;
import dev.weft.controlplane.xds.XdsStats;
import java.util.Locale;
import java.util.function.IntSupplier;

/** The Prometheus text exposition of the control plane's counters. */
public final class Metrics {
  private final XdsServer xds;
  private final IntSupplier services;

  /** {@code services}: how many services the registry view holds. */
  public Metrics(XdsServer xds, IntSupplier services) {
    this.xds = xds;
    this.services = services;
  }

  String render() {
    XdsStats stats = xds.stats();
    StringBuilder out = new StringBuilder(2048);
    counter(out, "weft_xds_pushes_total", "Responses sent to xDS streams.", stats.pushes());
    counter(out, "weft_xds_acks_total", "Responses ACKed by xDS clients.", stats.acks());
    counter(out, "weft_xds_nacks_total", "Responses NACKed by xDS clients.", stats.nacks());
    counter(
        out,
        "weft_xds_invalid_resources_total",
        "Resources held back because they failed validation.",
        stats.invalidResources());
    counter(
        out,
        "weft_xds_refused_streams_total",
        "Streams closed because their first request had no usable node.",
        stats.refusedStreams());
    gauge(out, "weft_xds_connected_streams", "Open xDS streams.", xds.streamCount());
    gauge(
        out,
        "weft_registry_services",
        "Services with endpoints in the registry.",
        services.getAsInt());
    histogram(
        out,
        "weft_xds_push_seconds",
        "Time to work out and send one stream's pushes.",
        stats.passTime());
    histogram(
        out,
        "weft_xds_convergence_seconds",
        "From a registry change to the ACK of the push it caused.",
        stats.convergence());
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void histogram(
      StringBuilder out, String name, String help, XdsStats.Histogram histogram) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" histogram\n");
    double[] bounds = XdsStats.BUCKETS;
    for (int i = 0; i < bounds.length; i++) {
      out.append(name)
          .append("_bucket{le=\"")
          .append(format(bounds[i]))
          .append("\"} ")
          .append(histogram.cumulative(i))
          .append('\n');
    }
    out.append(name)
        .append("_bucket{le=\"+Inf\"} ")
        .append(histogram.cumulative(bounds.length))
        .append('\n');
    out.append(name).append("_sum ").append(format(histogram.sumSeconds())).append('\n');
    out.append(name).append("_count ").append(histogram.count()).append('\n');
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%s", value);
  }
}

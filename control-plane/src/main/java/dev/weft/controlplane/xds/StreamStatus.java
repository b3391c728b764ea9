package dev.weft.controlplane.xds;

import java.util.List;

/** One connected xDS stream as the admin API shows it. */
public record StreamStatus(
    long streamId,
    String nodeId,
    String cluster,
    String zone,
    String app,
    boolean delta,
    long openedAtMillis,
    List<String> subscribedServices,
    List<TypeStatus> types) {}

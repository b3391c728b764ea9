package dev.weft.controlplane.xds;

import java.util.Set;

/**
 * One resource type on one stream, as the admin API shows it: what the client asked for, what it
 * was last sent, the last version it ACKed and the last it NACKed, with the client's error text.
 */
public record TypeStatus(
    String typeUrl,
    boolean wildcard,
    Set<String> names,
    String sentVersion,
    String ackedVersion,
    String nackedVersion,
    String nackError,
    long nackedAtMillis,
    int resources) {}

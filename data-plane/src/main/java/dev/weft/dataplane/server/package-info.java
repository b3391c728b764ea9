/**
 * The composition root: builds the extension registries, the event loops, the cluster manager,
 * route tables and pools, wires them by constructor, binds the listeners, and swaps config
 * snapshots in at run time.
 *
 * <p>May depend on every other data-plane package; nothing depends on it.
 */
package dev.weft.dataplane.server;

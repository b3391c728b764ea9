/**
 * The ADS server: Weft's own {@link io.envoyproxy.controlplane.cache.ConfigWatcher} on
 * java-control-plane, with per-stream nodes, content-hash versions, NACK records, make-before-break
 * ordering and per-node push queues. Depends on {@code mesh} and java-control-plane; resources come
 * through {@link dev.weft.controlplane.xds.ResourceSource}, never from {@code translate} directly.
 */
package dev.weft.controlplane.xds;

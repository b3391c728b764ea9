/**
 * The registry store on etcd ({@code --store etcd}): publications under a root prefix, one lease
 * per session that survives etcd restarts and leader changes, and a watch that re-lists after
 * compaction. The key layout and value encoding are described in {@code docs/registry.md}, "Storage
 * on etcd".
 *
 * <p>Depends on {@code store}, {@code model}, {@code proto} and {@code etcd}.
 */
package dev.weft.registry.store.etcd;

/**
 * The in-process registry store ({@code --store memory}), for {@code weft demo} without etcd and
 * for fast tests.
 *
 * <p>Depends on {@code store} and {@code model}.
 */
package dev.weft.registry.store.memory;

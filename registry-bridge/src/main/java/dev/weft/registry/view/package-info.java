/**
 * A replica's in-memory view of the registry ({@link dev.weft.registry.view.RegistryView}) and the
 * coalescing fanout that pushes its changes to subscribers ({@link
 * dev.weft.registry.view.PushFanout}).
 *
 * <p>Depends on {@code store} and {@code model}.
 */
package dev.weft.registry.view;

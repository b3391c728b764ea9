/**
 * The storage SPI of the registry ({@link dev.weft.registry.store.RegistryStore}) and what flows
 * through it. Implementations: {@code store.etcd} and {@code store.memory}.
 *
 * <p>Depends on {@code model}.
 */
package dev.weft.registry.store;

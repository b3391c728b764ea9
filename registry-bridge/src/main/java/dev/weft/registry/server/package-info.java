/**
 * The registry's gRPC API ({@code weft.registry.v1.Registry} and {@code RegistryQuery}) served by a
 * control-plane replica, over grpc-netty-shaded, and {@link dev.weft.registry.server.RegistryNode},
 * which wires a store, its view and the push fanout.
 *
 * <p>Depends on {@code view}, {@code store}, {@code proto} and {@code model}.
 */
package dev.weft.registry.server;

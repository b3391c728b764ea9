/**
 * The little Hessian 2 the RPC codecs need: reading the strings a call is routed by, skipping
 * values (arguments) without building them, and writing error bodies. Not a serialization library:
 * it never materialises application objects.
 *
 * <p>Depends on Netty's buffers only.
 */
package dev.weft.dataplane.protocol.hessian;

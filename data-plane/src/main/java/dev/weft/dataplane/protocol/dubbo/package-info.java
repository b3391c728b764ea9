/**
 * Dubbo 2 ({@code dubbo://}, the protocol Dubbo 3 keeps as its default) as an {@link
 * dev.weft.dataplane.protocol.rpc.RpcCodec}: framing on the 16-byte header, kinds from its flags,
 * heartbeats, readonly events, and error responses; plus a small Hessian 2 reader and skipper that
 * read a request's routing fields (service, version, method, attachments) in place, without
 * materialising its arguments.
 *
 * <p>Depends on {@code protocol} and {@code protocol.rpc}.
 */
package dev.weft.dataplane.protocol.dubbo;

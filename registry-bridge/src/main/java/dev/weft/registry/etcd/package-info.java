/**
 * jetcd client setup shared by everything in Weft that talks to etcd: endpoint parsing and the
 * client's keepalive and timeout settings.
 *
 * <p>Depends on nothing else in the registry.
 */
package dev.weft.registry.etcd;

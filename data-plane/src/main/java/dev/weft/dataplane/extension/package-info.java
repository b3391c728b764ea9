/**
 * Extension registries: protocols, network filters, stream filters, load balancers and cluster
 * types are looked up by name in registries built once at start-up and passed down by constructor.
 *
 * <p>Depends on nothing else in the data plane.
 */
package dev.weft.dataplane.extension;

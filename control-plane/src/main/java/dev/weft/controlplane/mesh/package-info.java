/**
 * The control plane's input: who a node is ({@link dev.weft.controlplane.mesh.NodeInfo}), what its
 * registry sessions ask for, and the registry's services. May depend on the registry bridge's
 * model, server and view packages and on Envoy's API messages; nothing else of the control plane.
 */
package dev.weft.controlplane.mesh;

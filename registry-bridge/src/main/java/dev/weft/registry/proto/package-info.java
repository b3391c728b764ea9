/**
 * Conversions between the {@code weft.registry.v1} protobuf messages and the model's records: the
 * edge where messages are read, validated, and written.
 *
 * <p>Depends on {@code model} and the generated {@code dev.weft.api.registry.v1} classes.
 */
package dev.weft.registry.proto;

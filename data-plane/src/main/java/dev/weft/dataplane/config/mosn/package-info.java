/**
 * The MOSN {@code config.json} loader: {@link MosnConfigLoader} turns a MOSN static config into the
 * {@code config} records, checking every name against a {@link MosnVocabulary} from the sidecar.
 * Stricter than MOSN on purpose: see docs/config.md.
 *
 * <p>Part of the {@code config} layer: depends on {@code config} and {@code extension} only.
 */
package dev.weft.dataplane.config.mosn;

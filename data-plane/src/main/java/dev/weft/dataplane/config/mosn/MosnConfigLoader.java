package dev.weft.dataplane.config.mosn;

import dev.weft.dataplane.config.ConfigException;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.ConfigResult;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.config.XdsBootstrap;
import java.nio.file.Path;

/**
 * Loads a MOSN {@code config.json} into Weft's records, more strictly than MOSN: an unknown key, an
 * unknown name or a feature Weft lacks is an error naming the file, the JSON path and what was
 * expected; a MOSN key that has no effect in Weft is a warning. docs/config.md has the policy.
 */
public final class MosnConfigLoader {
  private MosnConfigLoader() {}

  /** Reads and checks {@code file}; errors name it as written ({@link Path#toString()}). */
  public static ConfigResult<LoadedConfig> load(Path file, MosnVocabulary vocabulary) {
    return load(file, vocabulary, true);
  }

  /**
   * Reads and checks {@code file}, which needs listeners only if {@code listenersRequired} and the
   * file is not in xDS mode: under xDS ({@code dynamic_resources}, or {@code weft sidecar --xds})
   * it holds only the static parts.
   */
  public static ConfigResult<LoadedConfig> load(
      Path file, MosnVocabulary vocabulary, boolean listenersRequired) {
    String source = file.toString();
    try {
      return parse(
          ConfigNode.root(source, JsonFiles.read(file, source)), vocabulary, listenersRequired);
    } catch (ConfigException e) {
      return ConfigResult.failed(e.error());
    }
  }

  /** Checks a config held in memory; {@code source} names it in errors. */
  public static ConfigResult<LoadedConfig> parse(
      String json, String source, MosnVocabulary vocabulary) {
    try {
      return parse(ConfigNode.root(source, JsonFiles.parse(json, source)), vocabulary, true);
    } catch (ConfigException e) {
      return ConfigResult.failed(e.error());
    }
  }

  private static ConfigResult<LoadedConfig> parse(
      ConfigNode root, MosnVocabulary vocabulary, boolean listenersRequired) {
    LoadState state = new LoadState(vocabulary);
    ConfigNode document = state.collecting(root);
    XdsBootstrap xds = new XdsBootstrapParser(state).parse(document);
    boolean needListeners = listenersRequired && xds.controlPlanes().isEmpty();
    SidecarConfig config = new MosnConfigParser(state).parse(document, needListeners);
    return ConfigResult.ok(new LoadedConfig(config, state.warnings(), xds));
  }
}

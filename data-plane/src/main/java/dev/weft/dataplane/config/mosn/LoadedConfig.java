package dev.weft.dataplane.config.mosn;

import dev.weft.dataplane.config.SidecarConfig;
import java.util.List;

/**
 * A MOSN config turned into Weft's records, with one warning per MOSN key that was accepted but has
 * no effect in Weft ({@code config.json: servers[0].default_log_path: ignored: ...}).
 */
public record LoadedConfig(SidecarConfig config, List<String> warnings) {
  public LoadedConfig {
    warnings = List.copyOf(warnings);
  }
}

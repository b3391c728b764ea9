package dev.weft.dataplane.config.mosn;

import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.config.XdsBootstrap;
import java.util.List;

/**
 * A MOSN config turned into Weft's records, with one warning per MOSN key that was accepted but has
 * no effect in Weft ({@code config.json: servers[0].default_log_path: ignored: ...}), and the xDS
 * part of the file ({@code node}, {@code dynamic_resources}) when it has one.
 */
public record LoadedConfig(SidecarConfig config, List<String> warnings, XdsBootstrap xds) {
  public LoadedConfig {
    warnings = List.copyOf(warnings);
  }

  public LoadedConfig(SidecarConfig config, List<String> warnings) {
    this(config, warnings, XdsBootstrap.NONE);
  }
}

package dev.weft.dataplane.xds.translate;

import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import java.util.Map;
import java.util.Set;

/** Where RDS and EDS resources come from: for Weft's sidecar, its one ADS stream. */
final class ConfigSources {
  private static final Set<String> FIELDS =
      Set.of("ads", "self", "resource_api_version", "initial_fetch_timeout");
  private static final String ONLY_ADS =
      "Weft's sidecar takes every resource over its ADS stream; write {ads: {}}";
  private static final Map<String, String> REASONS =
      Map.of(
          "path", ONLY_ADS,
          "path_config_source", ONLY_ADS,
          "api_config_source", ONLY_ADS,
          "authorities", "xDS federation authorities");

  private ConfigSources() {}

  /** Checks that {@code source} means the ADS stream ({@code ads} or {@code self}). */
  static void requireAds(ConfigSource source, String path, Problems problems) {
    int before = problems.size();
    Fields.only(source, path, problems, FIELDS, REASONS);
    if (problems.size() == before && !source.hasAds() && !source.hasSelf()) {
      problems.add(path, "expected {ads: {}}: " + ONLY_ADS);
    }
    ApiVersion version = source.getResourceApiVersion();
    if (version != ApiVersion.AUTO && version != ApiVersion.V3) {
      problems.add(Problems.at(path, "resource_api_version"), "expected V3, got " + version.name());
    }
  }
}

package dev.weft.dataplane.config.mosn;

import dev.weft.dataplane.config.ConfigNode;
import java.util.Map;
import java.util.Set;

/**
 * Weft does not terminate or originate TLS yet. A TLS block is accepted only when it means
 * plaintext: empty ({@code {}}, as in the seeds) or {@code "status": false}. One that enables TLS,
 * or carries certificates without saying {@code "status": false}, is refused.
 */
final class TlsCheck {
  private static final Set<String> KEYS =
      Set.of(
          "status",
          "type",
          "server_name",
          "ca_cert",
          "cert_chain",
          "private_key",
          "verify_client",
          "require_client_cert",
          "insecure_skip",
          "cipher_suites",
          "ecdh_curves",
          "alpn",
          "min_version",
          "max_version",
          "ticket",
          "fall_back",
          "extend_verify",
          "callbacks",
          "sds_source");
  private static final Set<String> CERTIFICATES =
      Set.of("ca_cert", "cert_chain", "private_key", "sds_source");

  private TlsCheck() {}

  /** Checks one TLS context object. */
  static void check(ConfigNode tls, LoadState state) {
    state.checkKeys(tls, KEYS, Map.of());
    boolean enabled = tls.bool("status", false);
    if (enabled) {
      throw tls.error("status", "not supported by Weft: TLS (Weft serves plaintext only for now)");
    }
    boolean explicitlyOff = tls.has("status");
    for (String key : CERTIFICATES) {
      if (tls.get(key).filter(LoadState::isSet).isPresent()) {
        if (!explicitlyOff) {
          throw tls.error(
              key,
              "not supported by Weft: TLS certificates (Weft serves plaintext only for now;"
                  + " write \"status\": false to keep this block switched off)");
        }
        state.warn(tls, "ignored: TLS is switched off (\"status\": false)");
        return;
      }
    }
  }

  /** A listener filter chain's or a cluster's {@code tls_context} and {@code tls_context_set}. */
  static void checkContexts(ConfigNode node, LoadState state) {
    boolean single = node.get("tls_context").filter(LoadState::isSet).isPresent();
    boolean set = node.get("tls_context_set").filter(LoadState::isSet).isPresent();
    if (single && set) {
      throw node.error("tls_context_set", "set either tls_context or tls_context_set, not both");
    }
    node.get("tls_context").ifPresent(tls -> check(tls, state));
    for (ConfigNode tls : node.array("tls_context_set")) {
      check(tls, state);
    }
  }
}

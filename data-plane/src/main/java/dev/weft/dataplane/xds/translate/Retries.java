package dev.weft.dataplane.xds.translate;

import dev.weft.dataplane.config.RouteAction.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code route.v3.RetryPolicy} as Weft's: Weft always retries connect failures (and never the host
 * it just tried), and with {@code retryOnStatus} also resets, per-try timeouts and statuses (any
 * 5xx, or the listed codes). So {@code retry_on} may combine {@code 5xx}, {@code gateway-error},
 * {@code retriable-status-codes}, {@code connect-failure}, {@code reset} and {@code
 * refused-stream}; resets only together with a status condition.
 */
final class Retries {
  private static final Set<String> FIELDS =
      Set.of(
          "retry_on",
          "num_retries",
          "per_try_timeout",
          "retriable_status_codes",
          "retry_host_predicate",
          "retry_back_off");
  private static final Map<String, String> REASONS =
      Map.of(
          "per_try_idle_timeout", "per-try idle timeouts",
          "retry_priority", "retry priorities",
          "retry_options_predicates", "retry option predicates",
          "host_selection_retry_max_attempts", "host selection attempts",
          "rate_limited_retry_back_off", "rate-limited back-off",
          "retriable_headers", "retrying on response headers",
          "retriable_request_headers", "retrying by request headers");
  private static final Set<String> STATUS =
      Set.of("5xx", "gateway-error", "retriable-status-codes");
  private static final Set<String> RESETS = Set.of("reset", "refused-stream");
  private static final String CONNECT = "connect-failure";
  private static final String PREVIOUS_HOSTS = "envoy.retry_host_predicates.previous_hosts";
  private static final Duration BASE_BACKOFF = Duration.ofMillis(25);

  private Retries() {}

  /** The policy, or empty after a problem. */
  static Optional<RetryPolicy> policy(
      io.envoyproxy.envoy.config.route.v3.RetryPolicy policy, String path, Problems problems) {
    int before = problems.size();
    Fields.only(policy, path, problems, FIELDS, REASONS);
    boolean anyFiveXx = false;
    boolean status = false;
    boolean resets = false;
    TreeSet<Integer> codes = new TreeSet<>();
    for (String raw : policy.getRetryOn().split(",")) {
      String condition = raw.trim();
      if (condition.isEmpty() || condition.equals(CONNECT)) {
        continue;
      }
      if (RESETS.contains(condition)) {
        resets = true;
      } else if (condition.equals("5xx")) {
        anyFiveXx = true;
        status = true;
      } else if (condition.equals("gateway-error")) {
        codes.addAll(List.of(502, 503, 504));
        status = true;
      } else if (condition.equals("retriable-status-codes")) {
        codes.addAll(policy.getRetriableStatusCodesList());
        status = true;
      } else {
        problems.unsupported(
            Problems.at(path, "retry_on"),
            "retrying on \""
                + condition
                + "\"; Weft retries on "
                + String.join(", ", new TreeSet<>(STATUS))
                + ", "
                + CONNECT
                + ", reset, refused-stream");
      }
    }
    if (resets && !status) {
      problems.unsupported(
          Problems.at(path, "retry_on"),
          "retrying resets alone; Weft retries resets together with a status condition (5xx,"
              + " gateway-error or retriable-status-codes)");
    }
    if (anyFiveXx && codes.stream().anyMatch(c -> c < 500 || c > 599)) {
      problems.unsupported(
          Problems.at(path, "retriable_status_codes"),
          "retrying on codes outside 5xx together with 5xx; list every code with"
              + " retriable-status-codes instead");
    }
    for (int i = 0; i < policy.getRetryHostPredicateCount(); i++) {
      String name = policy.getRetryHostPredicate(i).getName();
      if (!name.equals(PREVIOUS_HOSTS)) {
        problems.unsupported(
            Problems.at(path, "retry_host_predicate", i),
            "retry host predicate '"
                + name
                + "'; Weft always avoids the hosts already tried ("
                + PREVIOUS_HOSTS
                + ")");
      }
    }
    if (policy.hasRetryBackOff()) {
      var backOff = policy.getRetryBackOff();
      Duration base = Fields.duration(backOff.getBaseInterval());
      Duration max =
          backOff.hasMaxInterval()
              ? Fields.duration(backOff.getMaxInterval())
              : base.multipliedBy(10);
      if (!base.equals(BASE_BACKOFF) || !max.equals(BASE_BACKOFF.multipliedBy(10))) {
        problems.unsupported(
            Problems.at(path, "retry_back_off"),
            "a back-off of "
                + base.toMillis()
                + " ms up to "
                + max.toMillis()
                + " ms; Weft backs off from 25 ms up to 250 ms (Envoy's default)");
      }
    }
    if (problems.size() != before) {
      return Optional.empty();
    }
    int retries = policy.hasNumRetries() ? policy.getNumRetries().getValue() : 1;
    Optional<Duration> perTry =
        policy.hasPerTryTimeout()
            ? Optional.of(Fields.duration(policy.getPerTryTimeout())).filter(d -> !d.isZero())
            : Optional.empty();
    return Optional.of(
        new RetryPolicy(status, retries, perTry, anyFiveXx ? List.of() : List.copyOf(codes)));
  }
}

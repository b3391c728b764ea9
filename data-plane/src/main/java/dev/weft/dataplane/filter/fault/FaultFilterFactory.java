package dev.weft.dataplane.filter.fault;

import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stream.StreamFilter;
import dev.weft.dataplane.stream.StreamFilterFactory;

/**
 * The {@code fault} stream filter type. Config, with MOSN's keys:
 *
 * <pre>{@code
 * {"delay":   {"fixed_delay": "1s", "percentage": 100},
 *  "abort":   {"status": 503, "percentage": 100},
 *  "headers": [{"name": "user", "value": "bob", "regex": false}]}
 * }</pre>
 *
 * See {@link FaultConfigParser} for every key. The delay comes first; a delayed request may then be
 * aborted too, as in MOSN.
 */
public final class FaultFilterFactory implements StreamFilterFactory {
  public static final String NAME = "fault";

  private final Counter delaysInjected = new Counter();
  private final Counter abortsInjected = new Counter();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Object parse(ConfigNode config) {
    return FaultConfigParser.parse(config);
  }

  @Override
  public StreamFilter create(Object config) {
    return new FaultFilter((FaultConfig) config, delaysInjected, abortsInjected);
  }

  /** Requests this filter type delayed, across every listener. */
  public long delaysInjected() {
    return delaysInjected.get();
  }

  /** Requests this filter type aborted, across every listener. */
  public long abortsInjected() {
    return abortsInjected.get();
  }
}

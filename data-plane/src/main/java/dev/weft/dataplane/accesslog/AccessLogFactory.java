package dev.weft.dataplane.accesslog;

import dev.weft.dataplane.config.AccessLogConfig;

/** Opens access logs; one writer per path, shared by every listener that logs there. */
public interface AccessLogFactory {
  AccessLogFactory NONE = config -> AccessLog.NONE;

  AccessLog open(AccessLogConfig config);
}

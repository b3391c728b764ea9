package dev.weft.dataplane.admin;

/**
 * The sidecar's state as {@code /api/v1/states} reports it ({@code pid=N&state=N}), with MOSN's
 * codes ({@code pkg/admin/store}): 0 init, 1 running, 2 active reconfiguring, 3 passive
 * reconfiguring, 4 graceful quitting, 5 quitting.
 *
 * <p>Weft uses {@link #INIT} from creation until every listener is bound, {@link #RUNNING} while it
 * serves, and {@link #QUITTING} from the start of {@code close()}. The reconfiguring and
 * graceful-quitting codes are kept so that the numbers mean what they mean in MOSN.
 */
public enum ServerState {
  INIT(0),
  RUNNING(1),
  ACTIVE_RECONFIGURING(2),
  PASSIVE_RECONFIGURING(3),
  GRACEFUL_QUITTING(4),
  QUITTING(5);

  private final int code;

  ServerState(int code) {
    this.code = code;
  }

  /** MOSN's number for this state. */
  public int code() {
    return code;
  }
}

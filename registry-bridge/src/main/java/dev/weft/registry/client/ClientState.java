package dev.weft.registry.client;

/** Where a {@link RegistrySession} stands with the registry. */
public enum ClientState {
  /** Opening a session, the first time or after losing one. */
  CONNECTING,
  /** A session is open; publications and subscriptions are in place. */
  OPEN,
  /** The session broke; a new one is tried after a backoff. */
  DISCONNECTED,
  /** Closed by its owner. */
  CLOSED
}

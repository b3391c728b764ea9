package dev.weft.peers.dubbo;

/** The service the Dubbo peers expose: {@code dev.weft.peers.dubbo.EchoService}, version 1.0.0. */
public interface EchoService {
  /** Answers {@code "echo:" + token}. */
  String echo(String token);

  /**
   * Answers {@code "<provider name> echo:" + token}: which provider answered, for the demo loop
   * ({@code dev.weft.peers.common.CallLoop}).
   */
  String named(String token);

  /** Answers {@code "slow:" + token} after {@code millis}. */
  String slow(String token, int millis);

  /** Throws an application exception whose message is {@code "fail:" + token}. */
  String fail(String token);
}

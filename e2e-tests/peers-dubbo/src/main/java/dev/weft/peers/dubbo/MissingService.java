package dev.weft.peers.dubbo;

/** A service no provider exports and no route names, for the unknown-service case. */
public interface MissingService {
  String echo(String token);
}

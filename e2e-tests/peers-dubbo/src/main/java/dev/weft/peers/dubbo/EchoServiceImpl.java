package dev.weft.peers.dubbo;

import java.util.concurrent.TimeUnit;

final class EchoServiceImpl implements EchoService {
  private final String name;

  /** A provider called {@code name}, as {@link #named} answers. */
  EchoServiceImpl(String name) {
    this.name = name;
  }

  @Override
  public String echo(String token) {
    return "echo:" + token;
  }

  @Override
  public String named(String token) {
    return name + " echo:" + token;
  }

  @Override
  public String slow(String token, int millis) {
    System.out.println("SLOW-STARTED " + token);
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "slow:" + token;
  }

  @Override
  public String fail(String token) {
    throw new IllegalStateException("fail:" + token);
  }
}

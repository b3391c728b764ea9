package dev.weft.peers.dubbo;

import java.util.concurrent.TimeUnit;

final class EchoServiceImpl implements EchoService {
  @Override
  public String echo(String token) {
    return "echo:" + token;
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

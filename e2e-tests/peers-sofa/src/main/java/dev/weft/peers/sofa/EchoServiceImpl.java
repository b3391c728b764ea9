package dev.weft.peers.sofa;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The provider's implementation; slow calls announce themselves so tests can act mid-flight. */
final class EchoServiceImpl implements EchoService {
  private final String name;
  private final AtomicInteger slowInFlight = new AtomicInteger();

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
    System.out.println("SLOW-STARTED " + token + " in-flight=" + slowInFlight.incrementAndGet());
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      System.out.println("SLOW-DONE " + token + " in-flight=" + slowInFlight.decrementAndGet());
    }
    return "slow:" + token;
  }

  @Override
  public String fail(String token) {
    throw new IllegalStateException("fail:" + token);
  }
}

package dev.weft.testing.etcd;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real etcd for a test class (or, registered on an instance field, for each test).
 *
 * <pre>{@code
 * @RegisterExtension static final EtcdExtension etcd = EtcdExtension.singleNode();
 * @RegisterExtension static final EtcdExtension etcd3 = EtcdExtension.cluster(3);
 * ... etcd.endpoints() ... etcd3.cluster().leader().kill() ...
 * }</pre>
 *
 * <p>The {@code etcd} binary comes from {@code $ETCD_BIN} or the PATH; without one the tests fail
 * with the install command. Members a test stopped or killed are started again before the next
 * test.
 */
public final class EtcdExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final int size;
  private EtcdCluster cluster;
  private boolean perTest;

  private EtcdExtension(int size) {
    this.size = size;
  }

  public static EtcdExtension singleNode() {
    return new EtcdExtension(1);
  }

  /** A cluster of {@code size} members on 127.0.0.1 … 127.0.0.{size}. */
  public static EtcdExtension cluster(int size) {
    return new EtcdExtension(size);
  }

  public EtcdCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("etcd is not running: register the extension first");
    }
    return cluster;
  }

  /** The client URLs, comma-separated. */
  public String endpoints() {
    return cluster().endpoints();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = EtcdCluster.start(size);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (cluster == null) {
      perTest = true;
      cluster = EtcdCluster.start(size);
    } else {
      cluster.ensureAllRunning();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void stop() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}

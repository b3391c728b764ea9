package dev.weft.testing.etcd;

import static org.awaitility.Awaitility.await;

import dev.weft.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real etcd: one member on 127.0.0.1, or {@code n} members on 127.0.0.1 … 127.0.0.n, each on free
 * ports with its data in a temp folder that {@link #close()} deletes.
 */
public final class EtcdCluster implements AutoCloseable {
  private static final int START_ATTEMPTS = 3;

  private final Path workDir;
  private final List<EtcdMember> members;

  private EtcdCluster(Path workDir, List<EtcdMember> members) {
    this.workDir = workDir;
    this.members = List.copyOf(members);
  }

  /** Starts {@code size} members and waits until the cluster is healthy. */
  public static EtcdCluster start(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("an etcd cluster needs at least one member, not " + size);
    }
    Path binary = EtcdBinary.require();
    AssertionError lastFailure = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      EtcdCluster cluster = create(size, binary);
      try {
        cluster.members.forEach(EtcdMember::launch);
        cluster.members.forEach(EtcdMember::awaitHealthy);
        return cluster;
      } catch (AssertionError failure) {
        cluster.close();
        lastFailure = failure;
        if (!String.valueOf(failure.getMessage()).contains("address already in use")) {
          break;
        }
      }
    }
    throw lastFailure;
  }

  private static EtcdCluster create(int size, Path binary) {
    Path workDir;
    try {
      workDir = Files.createTempDirectory("weft-etcd-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp dir for etcd", e);
    }
    List<EtcdMember> members = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String host = "127.0.0." + (i + 1);
      int[] ports = FreePorts.distinct(host, 2);
      members.add(new EtcdMember("m" + i, host, ports[0], ports[1], workDir));
    }
    String initialCluster =
        members.stream().map(m -> m.name() + "=" + m.peerUrl()).collect(Collectors.joining(","));
    String token = "weft-test-" + UUID.randomUUID();
    members.forEach(m -> m.configure(binary, initialCluster, token));
    return new EtcdCluster(workDir, members);
  }

  public List<EtcdMember> members() {
    return members;
  }

  public EtcdMember member(int index) {
    return members.get(index);
  }

  /** Every member's client URL, comma-separated: the form {@code --etcd-endpoints} takes. */
  public String endpoints() {
    return clientUrls().stream().map(URI::toString).collect(Collectors.joining(","));
  }

  public List<URI> clientUrls() {
    return members.stream().map(EtcdMember::clientUrl).collect(Collectors.toList());
  }

  /** The current leader, waiting (up to 30 s) until the running members agree on one. */
  public EtcdMember leader() {
    return await("the etcd members agree on a leader")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(this::currentLeader, Optional::isPresent)
        .orElseThrow();
  }

  private Optional<EtcdMember> currentLeader() {
    List<long[]> statuses = new ArrayList<>();
    List<EtcdMember> running = new ArrayList<>();
    for (EtcdMember member : members) {
      Optional<long[]> status = member.status();
      if (status.isPresent()) {
        statuses.add(status.get());
        running.add(member);
      }
    }
    if (statuses.isEmpty() || statuses.stream().map(s -> s[1]).distinct().count() != 1) {
      return Optional.empty();
    }
    long leaderId = statuses.get(0)[1];
    for (int i = 0; i < statuses.size(); i++) {
      if (statuses.get(i)[0] == leaderId) {
        return Optional.of(running.get(i));
      }
    }
    return Optional.empty();
  }

  /** Starts every member a test stopped or killed, so the next test finds a whole cluster. */
  public void ensureAllRunning() {
    members.stream().filter(m -> !m.isRunning()).forEach(EtcdMember::launch);
    members.forEach(EtcdMember::awaitHealthy);
  }

  /** Kills every member and deletes the data. */
  @Override
  public void close() {
    members.forEach(EtcdMember::kill);
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(EtcdCluster::deleteQuietly);
    } catch (IOException ignored) {
      // A leftover temp folder is harmless.
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // A leftover temp file is harmless.
    }
  }

  @Override
  public String toString() {
    return "etcd" + members;
  }
}

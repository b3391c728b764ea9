package dev.weft.dataplane.xds;

import dev.weft.dataplane.config.HostPort;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * gRPC name resolution for a fixed list of replicas ({@code host:port}, in order of preference):
 * one {@link EquivalentAddressGroup} per replica, in the order given, so that the {@code
 * pick_first} policy tries them in turn and sticks to the first that answers.
 *
 * <p>IP literals need no lookup. A host name is looked up at start and again at every refresh,
 * which gRPC asks for whenever its connection fails, so a replica whose name moves to another
 * address (a restarted container) is followed. Lookups run on gRPC's offload executor, never on its
 * synchronization context. A name that does not resolve is left out of the list for that round;
 * when none resolves, the channel gets an UNAVAILABLE error naming them and gRPC retries.
 */
final class ReplicaNameResolver extends NameResolver {
  static final String SCHEME = "weft-replicas";

  private final List<HostPort> replicas;
  private final SynchronizationContext syncContext;
  private final Executor lookups;

  // Owned by syncContext.
  private Listener2 listener;
  private boolean resolving;
  private boolean shutdown;

  private ReplicaNameResolver(List<HostPort> replicas, Args args) {
    this.replicas = List.copyOf(replicas);
    this.syncContext = args.getSynchronizationContext();
    Executor offload = args.getOffloadExecutor();
    this.lookups = offload != null ? offload : Runnable::run;
  }

  /** A provider (a channel's own, through its builder) that resolves any target to {@code list}. */
  static NameResolverProvider provider(List<HostPort> replicas) {
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("no replica");
    }
    List<HostPort> copy = List.copyOf(replicas);
    return new NameResolverProvider() {
      @Override
      public NameResolver newNameResolver(URI targetUri, Args args) {
        return SCHEME.equals(targetUri.getScheme()) ? new ReplicaNameResolver(copy, args) : null;
      }

      @Override
      public String getDefaultScheme() {
        return SCHEME;
      }

      @Override
      protected boolean isAvailable() {
        return true;
      }

      @Override
      protected int priority() {
        return 5;
      }

      @Override
      public java.util.Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
        return List.of(InetSocketAddress.class);
      }
    };
  }

  /** The first replica, as {@code :authority} (plaintext: informational). */
  @Override
  public String getServiceAuthority() {
    return replicas.get(0).toString();
  }

  @Override
  public void start(Listener2 listener) {
    this.listener = listener;
    resolve();
  }

  @Override
  public void refresh() {
    resolve();
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  private void resolve() {
    if (resolving || shutdown) {
      return;
    }
    resolving = true;
    lookups.execute(
        () -> {
          List<EquivalentAddressGroup> groups = new ArrayList<>();
          List<String> unresolved = new ArrayList<>();
          for (HostPort replica : replicas) {
            try {
              List<SocketAddress> addresses = new ArrayList<>();
              for (InetAddress address : InetAddress.getAllByName(replica.host())) {
                addresses.add(new InetSocketAddress(address, replica.port()));
              }
              groups.add(new EquivalentAddressGroup(addresses));
            } catch (UnknownHostException e) {
              unresolved.add(replica.toString());
            }
          }
          syncContext.execute(() -> deliver(groups, unresolved));
        });
  }

  private void deliver(List<EquivalentAddressGroup> groups, List<String> unresolved) {
    resolving = false;
    if (shutdown) {
      return;
    }
    if (groups.isEmpty()) {
      listener.onError(
          Status.UNAVAILABLE.withDescription("cannot resolve " + String.join(", ", unresolved)));
      return;
    }
    listener.onResult2(ResolutionResult.newBuilder().setAddresses(groups).build());
  }
}

package dev.weft.registry.agent;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.weft.api.registry.v1.Scope;
import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.client.SubscriptionListener;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import dev.weft.registry.model.Subscription;
import dev.weft.registry.server.RegistryNode;
import dev.weft.registry.server.RegistryServer;
import dev.weft.registry.store.memory.MemoryStore;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real registry (memory store, gRPC server), the sidecar's registry session opened with {@link
 * #NODE}, and a mesh agent on a free loopback port, with an HTTP/1.1 client that posts as SOFA RPC
 * does ({@code Content-Type: text/plain}).
 */
final class AgentFixture implements AutoCloseable {
  static final String NODE = "sidecar-1";
  static final Duration WAIT = Duration.ofSeconds(10);

  final RegistryNode node;
  RegistryServer server;
  final MeshAgent agent;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<RegistrySession> sessions = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .build();

  AgentFixture(ClusterWarmth warmth, UnaryOperator<AgentSettings> customize) throws Exception {
    node =
        new RegistryNode(
            new MemoryStore(Duration.ofSeconds(2)), Duration.ofMillis(10), Duration.ofMillis(100));
    node.ready().get(5, TimeUnit.SECONDS);
    server = RegistryServer.start(node, new InetSocketAddress("127.0.0.1", 0));
    RegistrySession sidecar = session("sidecar", "", NODE);
    AgentSettings settings =
        customize.apply(
            AgentSettings.defaults(NODE, "127.0.0.1")
                .withListen(new InetSocketAddress("127.0.0.1", 0))
                .withAppProbe(AppProbe.OFF));
    agent = MeshAgent.start(settings, sidecar, warmth);
  }

  AgentFixture(ClusterWarmth warmth) throws Exception {
    this(warmth, s -> s);
  }

  RegistrySession session(String name, String zone, String nodeId) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    channels.add(channel);
    RegistrySession session =
        new RegistrySession(channel, scheduler, name, zone, nodeId, state -> {});
    sessions.add(session);
    return session;
  }

  /**
   * A consumer in another session: the latest list of {@code service}, as other sidecars see it.
   */
  Latest consumer(ServiceId service) {
    Latest latest = new Latest();
    session("consumer", "", "").subscribe(service, Scope.SCOPE_DATA_CENTER, latest);
    return latest;
  }

  /** What the sidecar node's sessions publish, as the control plane sees it. */
  List<Publication> nodePublications() {
    return node.sessions().node(NODE).map(n -> n.publications()).orElse(List.of());
  }

  /** What the sidecar node's sessions subscribe to, as the control plane sees it. */
  Set<Subscription> nodeSubscriptions() {
    return node.sessions().node(NODE).map(n -> n.subscriptions()).orElse(Set.of());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + agent.port() + path);
  }

  CompletableFuture<HttpResponse<String>> postAsync(String path, String body, String type) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(15)) // SOFA RPC's read timeout
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
    return postAsync(path, body, "text/plain");
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return postAsync(path, body).get(20, TimeUnit.SECONDS);
  }

  HttpResponse<String> request(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri(path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The state of the agent's first publication in {@code GET /services}. */
  String publicationState() throws Exception {
    return services()
        .getAsJsonArray("publications")
        .get(0)
        .getAsJsonObject()
        .get("state")
        .getAsString();
  }

  JsonObject services() throws Exception {
    HttpResponse<String> response = request("GET", "/services");
    if (response.statusCode() != 200) {
      throw new AssertionError("GET /services: " + response.statusCode() + " " + response.body());
    }
    return json(response);
  }

  static JsonObject json(HttpResponse<String> response) {
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  @Override
  public void close() {
    agent.close();
    sessions.forEach(s -> s.close(Duration.ofSeconds(1)));
    channels.forEach(ManagedChannel::shutdownNow);
    server.close();
    node.close();
    scheduler.shutdownNow();
  }

  /** The latest list a subscriber got. */
  static final class Latest implements SubscriptionListener {
    volatile ServiceSnapshot snapshot;

    @Override
    public void onList(ServiceSnapshot list) {
      snapshot = list;
    }

    /** {@code address:port} of the latest list's endpoints, or null before the first list. */
    List<String> addresses() {
      ServiceSnapshot s = snapshot;
      return s == null ? null : s.endpoints().stream().map(e -> e.hostPort()).toList();
    }
  }
}

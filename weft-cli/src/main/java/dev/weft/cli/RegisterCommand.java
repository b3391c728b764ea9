package dev.weft.cli;

import dev.weft.api.registry.v1.RegisterRequest;
import dev.weft.dataplane.config.HostPort;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.InvalidRegistrationException;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.proto.RegistryProtos;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft register}: a persistent registration, or with {@code --hold} a session's. */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = {
      "Register an address for a service.",
      "Without --hold the registration is persistent: it stays until 'weft deregister'."
          + " With --hold it lives as long as this command: Ctrl-C or SIGTERM removes it at once,"
          + " a crash after the control plane's session TTL."
    })
final class RegisterCommand implements Callable<Integer> {
  @Mixin RegistrationOptions registration;

  @Mixin RegistryClientOptions registry;

  @Option(
      names = "--protocol",
      paramLabel = "<protocol>",
      defaultValue = "bolt",
      description =
          "What the address speaks: bolt, dubbo, http or grpc (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(
      names = "--weight",
      paramLabel = "<n>",
      defaultValue = "" + Endpoint.DEFAULT_WEIGHT,
      description = "Relative load-balancing weight (default: ${DEFAULT-VALUE}).")
  int weight;

  @Option(
      names = "--meta",
      paramLabel = "<key=value>",
      description = "Metadata for the endpoint; repeat for more.")
  List<String> metadata = new ArrayList<>();

  @Option(
      names = "--zone",
      paramLabel = "<zone>",
      defaultValue = "",
      description = "The zone the address runs in (default: none).")
  String zone;

  @Option(
      names = "--hold",
      description = "Keep the registration only while this command runs (until Ctrl-C).")
  boolean hold;

  @Spec CommandSpec spec;

  /** Registers what ends a {@code --hold}; a JVM shutdown hook unless a test swaps it. */
  Consumer<Runnable> onShutdown = ShutdownHooks.jvm("weft-register-shutdown");

  @Override
  public Integer call() throws InterruptedException {
    Publication publication = publication();
    PrintWriter out = spec.commandLine().getOut();
    String what = describe(publication);
    try (RegistryClient client = registry.connect()) {
      if (!hold) {
        boolean replaced =
            client
                .register(
                    RegisterRequest.newBuilder()
                        .setPublication(RegistryProtos.publication(publication))
                        .build())
                .getReplaced();
        out.println(
            "registered "
                + what
                + " ("
                + protocolId(publication)
                + ", persistent"
                + (replaced ? ", replaced the previous registration)" : ")"));
        out.flush();
        return ExitCodes.OK;
      }
      return holdUntilShutdown(client, publication, out, what);
    }
  }

  private int holdUntilShutdown(
      RegistryClient client, Publication publication, PrintWriter out, String what)
      throws InterruptedException {
    HeldRegistration held = HeldRegistration.start(client, publication, what);
    out.println(
        "registered "
            + what
            + " ("
            + protocolId(publication)
            + ", held: removed when this command stops)");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    onShutdown.accept(
        () -> {
          held.close();
          out.println("deregistered " + what);
          out.flush();
          stopped.countDown();
        });
    stopped.await();
    return ExitCodes.OK;
  }

  private Publication publication() {
    HostPort address = registration.hostPort();
    if (!Endpoint.isIpLiteral(address.host())) {
      // A host name would be listed by `weft services` but never reach a sidecar: EDS carries IPs.
      throw CliException.usage(
          "--address: expected an IP address and port (sidecars receive endpoints over EDS, which"
              + " carries IP addresses only), got '"
              + address
              + "'");
    }
    try {
      Endpoint endpoint =
          new Endpoint(
              address.host(),
              address.port(),
              Protocol.parse("protocol", protocol),
              weight,
              zone,
              metadata());
      return new Publication(
          registration.service(), registration.registId(), zone, List.of(endpoint));
    } catch (InvalidRegistrationException e) {
      throw RegistrationOptions.invalid(e);
    }
  }

  private Map<String, String> metadata() {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String entry : metadata) {
      int equals = entry.indexOf('=');
      if (equals < 1) {
        throw CliException.usage("--meta: expected key=value, got '" + entry + "'");
      }
      parsed.put(entry.substring(0, equals), entry.substring(equals + 1));
    }
    return parsed;
  }

  private static String protocolId(Publication publication) {
    return publication.endpoints().get(0).protocol().id();
  }

  private static String describe(Publication publication) {
    return ServiceLabels.label(publication.service())
        + " -> "
        + publication.endpoints().get(0).hostPort();
  }
}

package dev.weft.cli;

import dev.weft.api.registry.v1.DeregisterRequest;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.proto.RegistryProtos;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weft deregister}: removes a persistent registration. */
@Command(
    name = "deregister",
    mixinStandardHelpOptions = true,
    description = {
      "Remove a persistent registration made by 'weft register'.",
      "When there is none for the service and address, says so and exits 0."
    })
final class DeregisterCommand implements Callable<Integer> {
  @Mixin RegistrationOptions registration;

  @Mixin RegistryClientOptions registry;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ServiceId service = registration.service();
    String registId = registration.registId();
    boolean found;
    try (RegistryClient client = registry.connect()) {
      found =
          client
              .deregister(
                  DeregisterRequest.newBuilder()
                      .setKey(RegistryProtos.key(service))
                      .setRegistId(registId)
                      .build())
              .getFound();
    }
    PrintWriter out = spec.commandLine().getOut();
    String label = ServiceLabels.label(service);
    out.println(
        found
            ? "deregistered " + label + " -> " + registId
            : "nothing registered for " + label + " at " + registId);
    out.flush();
    return ExitCodes.OK;
  }
}

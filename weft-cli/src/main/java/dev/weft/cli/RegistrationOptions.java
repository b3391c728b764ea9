package dev.weft.cli;

import dev.weft.dataplane.config.HostPort;
import dev.weft.registry.model.InvalidRegistrationException;
import dev.weft.registry.model.ServiceId;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What names one registration, for {@code weft register} and {@code weft deregister}: the service
 * and the address. The registration's registId is the address, {@code host:port}.
 */
final class RegistrationOptions {
  /** The option behind each field the registry's model names in its errors. */
  private static final Map<String, String> OPTIONS =
      Map.of(
          "dataId", "--service",
          "group", "--group",
          "instanceId", "--instance-id",
          "address", "--address",
          "port", "--address",
          "weight", "--weight",
          "protocol", "--protocol",
          "zone", "--zone");

  @Option(
      names = "--service",
      required = true,
      paramLabel = "<dataId>",
      description = "The service's dataId; in SOFA RPC interface:version.")
  String dataId;

  @Option(
      names = "--address",
      required = true,
      paramLabel = "<host:port>",
      description = "Where the service is served.")
  String address;

  @Option(
      names = "--group",
      paramLabel = "<group>",
      description = "The service's group (default: " + ServiceId.DEFAULT_GROUP + ").")
  String group;

  @Option(
      names = "--instance-id",
      paramLabel = "<id>",
      description = "A tenant or namespace (default: " + ServiceId.DEFAULT_INSTANCE_ID + ").")
  String instanceId;

  ServiceId service() {
    try {
      return ServiceId.of(dataId, group, instanceId);
    } catch (InvalidRegistrationException e) {
      throw invalid(e);
    }
  }

  HostPort hostPort() {
    return Addresses.remote("--address", address);
  }

  /** The registration's registId: {@code host:port}. */
  String registId() {
    return hostPort().toString();
  }

  /** A model error as a usage error naming the option the user gave, e.g. {@code --weight}. */
  static CliException invalid(InvalidRegistrationException e) {
    String option = OPTIONS.get(e.field());
    if (option == null) {
      return CliException.usage(e.getMessage(), e);
    }
    String detail = e.getMessage().substring(e.field().length() + 2);
    return CliException.usage(option + ": " + detail, e);
  }
}

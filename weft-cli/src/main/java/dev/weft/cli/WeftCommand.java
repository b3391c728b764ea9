package dev.weft.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;

/** The root {@code weft} command. Subcommands are added as they are built. */
@Command(
    name = "weft",
    mixinStandardHelpOptions = true,
    versionProvider = WeftVersion.class,
    description = "Weft: a service mesh for the JVM (sidecar, registry and xDS control plane).",
    subcommands = {
      HelpCommand.class,
      SidecarCommand.class,
      ControlPlaneCommand.class,
      RegisterCommand.class,
      DeregisterCommand.class,
      ServicesCommand.class,
      DemoCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:unexpected error (run with --verbose for the stack trace)",
      "2:bad usage or bad config",
      "3:a needed server cannot be reached"
    })
final class WeftCommand {
  @Mixin Verbosity verbosity;
}

package dev.weft.cli;

import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.ServiceSnapshot;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code weft services --output table}: one row per endpoint, columns aligned. */
final class ServiceTable implements ServicePrinter {
  static final List<String> HEADERS =
      List.of("SERVICE", "GROUP", "VERSION", "ENDPOINT", "PROTOCOL", "WEIGHT", "ZONE", "METADATA");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final PrintWriter out;
  private final Clock clock;
  private final String whenEmpty;

  /**
   * @param whenEmpty the line printed instead of an empty table
   */
  ServiceTable(PrintWriter out, Clock clock, String whenEmpty) {
    this.out = out;
    this.clock = clock;
    this.whenEmpty = whenEmpty;
  }

  @Override
  public void list(List<ServiceSnapshot> services) {
    List<List<String>> rows = new ArrayList<>();
    for (ServiceSnapshot service : services) {
      for (Endpoint endpoint : service.endpoints()) {
        rows.add(
            List.of(
                ServiceLabels.tableLabel(service.service()),
                service.service().group(),
                String.valueOf(service.version()),
                endpoint.hostPort(),
                endpoint.protocol().id(),
                String.valueOf(endpoint.weight()),
                endpoint.zone().isEmpty() ? "-" : endpoint.zone(),
                ServiceLabels.metadata(endpoint)));
      }
    }
    if (rows.isEmpty()) {
      out.println(whenEmpty);
    } else {
      print(rows);
    }
    out.flush();
  }

  private void print(List<List<String>> rows) {
    int[] widths = new int[HEADERS.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = HEADERS.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    out.println(line(HEADERS, widths));
    rows.forEach(row -> out.println(line(row, widths)));
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      line.append(cell);
      if (i < cells.size() - 1) {
        line.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    return line.toString();
  }

  /** {@code 12:00:01.234 dev.weft.EchoService:1.0 version 7 10.0.0.5:12200/bolt ...}. */
  @Override
  public void change(ServiceSnapshot service) {
    String endpoints =
        service.endpoints().isEmpty()
            ? "no endpoints"
            : service.endpoints().stream()
                .map(e -> e.hostPort() + "/" + e.protocol().id())
                .collect(Collectors.joining(" "));
    out.println(
        LocalTime.now(clock).format(TIME)
            + "  "
            + ServiceLabels.label(service.service())
            + "  version "
            + service.version()
            + "  "
            + endpoints);
    out.flush();
  }
}

package dev.weft.cli;

import dev.weft.registry.model.ServiceSnapshot;
import java.util.List;

/** How {@code weft services} prints: {@code --output table} or {@code json}. */
interface ServicePrinter {
  /** The services registered now. */
  void list(List<ServiceSnapshot> services);

  /** A service's new list, under {@code --watch}; no endpoints when it went. */
  void change(ServiceSnapshot service);
}

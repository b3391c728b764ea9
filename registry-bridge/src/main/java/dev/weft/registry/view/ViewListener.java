package dev.weft.registry.view;

import dev.weft.registry.model.ServiceSnapshot;
import java.util.List;

/** Told about services whose merged list changed, on the store's delivery thread: keep it short. */
public interface ViewListener {
  /** The new lists; a list without endpoints means the service's last publication went. */
  void servicesChanged(List<ServiceSnapshot> changed);
}

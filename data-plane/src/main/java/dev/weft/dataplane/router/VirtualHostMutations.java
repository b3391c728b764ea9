package dev.weft.dataplane.router;

import dev.weft.dataplane.config.HeaderMutations;
import java.util.ArrayList;
import java.util.List;

/** The header changes a route inherits from its virtual host and route table. */
record VirtualHostMutations(
    HeaderMutations vhostRequest,
    HeaderMutations vhostResponse,
    HeaderMutations tableRequest,
    HeaderMutations tableResponse) {

  List<HeaderMutations> request(HeaderMutations route) {
    return nonEmpty(route, vhostRequest, tableRequest);
  }

  List<HeaderMutations> response(HeaderMutations route) {
    return nonEmpty(route, vhostResponse, tableResponse);
  }

  private static List<HeaderMutations> nonEmpty(HeaderMutations... all) {
    List<HeaderMutations> list = new ArrayList<>();
    for (HeaderMutations m : all) {
      if (!m.isEmpty()) {
        list.add(m);
      }
    }
    return List.copyOf(list);
  }
}

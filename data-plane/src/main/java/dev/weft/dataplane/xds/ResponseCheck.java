package dev.weft.dataplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One response's resources unpacked and checked, before anything changes: each must be of the
 * response's type, named, named once, and pass the translation's {@code check}. RDS and EDS
 * resources that were not asked for are left out (Envoy ignores them too).
 */
record ResponseCheck(Map<String, Message> resources, List<XdsProblem> problems) {

  static ResponseCheck of(
      XdsType type,
      Set<String> subscribed,
      DiscoveryResponse response,
      XdsTranslation translation) {
    Map<String, Message> resources = new LinkedHashMap<>();
    List<XdsProblem> problems = new ArrayList<>();
    for (int i = 0; i < response.getResourcesCount(); i++) {
      Any any = response.getResources(i);
      Message resource;
      try {
        resource = type.unpack(any);
      } catch (InvalidProtocolBufferException e) {
        problems.add(problem(type, "", type + " resources[" + i + "]: " + e.getMessage()));
        continue;
      }
      String name = type.nameOf(resource);
      if (name.isEmpty()) {
        problems.add(problem(type, "", type + " resources[" + i + "]: the name is empty"));
        continue;
      }
      if (!type.wildcard() && !subscribed.contains(name)) {
        continue;
      }
      if (resources.put(name, resource) != null) {
        problems.add(problem(type, name, type + " '" + name + "': sent twice in one response"));
        continue;
      }
      try {
        problems.addAll(translation.check(type.typeUrl(), resource));
      } catch (RuntimeException e) {
        problems.add(problem(type, name, type + " '" + name + "': cannot be checked: " + e));
      }
    }
    return new ResponseCheck(resources, problems);
  }

  private static XdsProblem problem(XdsType type, String name, String message) {
    return new XdsProblem(type.typeUrl(), name, message);
  }
}

package dev.weft.registry.agent;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.ServiceId;
import java.util.Map;

/** The body of {@code GET /services}: the app's identity, publications and subscriptions. */
final class ServicesJson {
  private ServicesJson() {}

  static JsonObject render(
      AgentSettings settings,
      Map<String, String> application,
      Iterable<AgentPublications.Entry> publications,
      Iterable<AgentSubscriptions.View> subscriptions,
      AppLiveness liveness) {
    JsonObject body = new JsonObject();
    body.addProperty("nodeId", settings.nodeId());
    JsonObject app = new JsonObject();
    application.forEach(app::addProperty);
    body.add("application", app);

    JsonArray published = new JsonArray();
    for (AgentPublications.Entry entry : publications) {
      Protocol protocol = entry.protocol();
      JsonObject json = service(entry.publication().service());
      json.addProperty("protocolType", protocol.id());
      json.addProperty("registId", entry.publication().registId());
      JsonArray addresses = new JsonArray();
      JsonObject metadata = new JsonObject();
      for (Endpoint endpoint : entry.publication().endpoints()) {
        addresses.add(endpoint.hostPort());
        endpoint.sortedMetadata().forEach(metadata::addProperty);
      }
      json.add("addresses", addresses);
      json.add("metadata", metadata);
      json.addProperty("appPort", settings.ports().get(protocol).app());
      json.addProperty("state", entry.withdrawn() ? "withdrawn" : "published");
      if (liveness.enabled()) {
        json.addProperty("appUnreachableMs", liveness.unreachableFor(protocol).toMillis());
      }
      published.add(json);
    }
    body.add("publications", published);

    JsonArray subscribed = new JsonArray();
    for (AgentSubscriptions.View view : subscriptions) {
      JsonObject json = service(view.service());
      json.addProperty("cluster", ClusterWarmth.clusterName(view.service()));
      JsonObject counts = new JsonObject();
      view.counts().forEach((protocol, n) -> counts.addProperty(protocol.id(), n));
      json.add("subscribers", counts);
      if (view.latest() != null) {
        json.addProperty("version", view.latest().version());
        JsonArray endpoints = new JsonArray();
        view.latest().endpoints().forEach(e -> endpoints.add(e.hostPort()));
        json.add("endpoints", endpoints);
      }
      if (view.warm() != null) {
        json.addProperty("warmWhenAnswered", view.warm());
      }
      if (view.refused() != null) {
        json.addProperty("refused", view.refused());
      }
      subscribed.add(json);
    }
    body.add("subscriptions", subscribed);
    return body;
  }

  private static JsonObject service(ServiceId service) {
    JsonObject json = new JsonObject();
    json.addProperty("serviceName", service.dataId());
    json.addProperty("group", service.group());
    if (!ServiceId.DEFAULT_INSTANCE_ID.equals(service.instanceId())) {
      json.addProperty("instanceId", service.instanceId());
    }
    return json;
  }
}

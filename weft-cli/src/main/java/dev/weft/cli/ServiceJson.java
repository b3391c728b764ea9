package dev.weft.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.ServiceSnapshot;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code weft services --output json}: an array of services. Under {@code --watch}, one service
 * object per line instead: first every current service, then each change.
 */
final class ServiceJson implements ServicePrinter {
  private static final Gson PRETTY =
      new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();
  private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

  private final PrintWriter out;
  private final boolean oneObjectPerLine;

  ServiceJson(PrintWriter out, boolean oneObjectPerLine) {
    this.out = out;
    this.oneObjectPerLine = oneObjectPerLine;
  }

  @Override
  public void list(List<ServiceSnapshot> services) {
    if (oneObjectPerLine) {
      services.forEach(this::change);
      return;
    }
    JsonArray array = new JsonArray();
    services.forEach(s -> array.add(toJson(s)));
    out.println(PRETTY.toJson(array));
    out.flush();
  }

  @Override
  public void change(ServiceSnapshot service) {
    out.println(COMPACT.toJson(toJson(service)));
    out.flush();
  }

  static JsonObject toJson(ServiceSnapshot service) {
    JsonObject json = new JsonObject();
    json.addProperty("dataId", service.service().dataId());
    json.addProperty("group", service.service().group());
    json.addProperty("instanceId", service.service().instanceId());
    json.addProperty("version", service.version());
    JsonArray endpoints = new JsonArray();
    for (Endpoint endpoint : service.endpoints()) {
      JsonObject e = new JsonObject();
      e.addProperty("address", endpoint.address());
      e.addProperty("port", endpoint.port());
      e.addProperty("protocol", endpoint.protocol().id());
      e.addProperty("weight", endpoint.weight());
      e.addProperty("zone", endpoint.zone());
      JsonObject metadata = new JsonObject();
      endpoint.sortedMetadata().forEach(metadata::addProperty);
      e.add("metadata", metadata);
      endpoints.add(e);
    }
    json.add("endpoints", endpoints);
    return json;
  }
}

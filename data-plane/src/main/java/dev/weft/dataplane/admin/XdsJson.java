package dev.weft.dataplane.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Collection;
import java.util.TreeSet;

/** The {@code xds} section of {@code config_dump}: the xDS client's state, per resource type. */
final class XdsJson {
  private XdsJson() {}

  static JsonObject status(XdsStatus status) {
    JsonObject json = new JsonObject();
    json.addProperty("control_plane", status.controlPlane());
    json.addProperty("connection", status.connection());
    status.connectedTo().ifPresent(replica -> json.addProperty("connected_to", replica));
    json.addProperty("since", status.since().toString());
    status.lastError().ifPresent(error -> json.addProperty("last_error", error));
    json.addProperty("ready", status.ready());
    json.add("warming_listeners", names(status.warmingListeners()));
    json.add("warming_clusters", names(status.warmingClusters()));
    JsonObject types = new JsonObject();
    for (XdsStatus.TypeStatus type : status.types()) {
      types.add(type.type(), type(type));
    }
    json.add("types", types);
    return json;
  }

  /** Why the first config is not complete yet, for {@code /ready}. */
  static String waitingFor(XdsStatus status) {
    StringBuilder waiting = new StringBuilder("waiting for the first xDS config (");
    for (XdsStatus.TypeStatus type : status.types()) {
      if ((type.type().equals("LDS") || type.type().equals("CDS")) && type.version().isEmpty()) {
        waiting.append(type.type()).append(" not received; ");
      }
    }
    if (!status.warmingListeners().isEmpty()) {
      waiting.append("warming listeners ").append(new TreeSet<>(status.warmingListeners()));
      waiting.append("; ");
    }
    if (!status.warmingClusters().isEmpty()) {
      waiting.append("warming clusters ").append(new TreeSet<>(status.warmingClusters()));
      waiting.append("; ");
    }
    waiting.append("control plane ").append(status.controlPlane()).append(' ');
    waiting.append(status.connection().toLowerCase()).append(')');
    return waiting.toString();
  }

  private static JsonObject type(XdsStatus.TypeStatus type) {
    JsonObject json = new JsonObject();
    json.addProperty("type_url", type.typeUrl());
    json.addProperty("version", type.version());
    json.addProperty("nonce", type.nonce());
    if (type.wildcard()) {
      JsonArray wildcard = new JsonArray();
      wildcard.add("*");
      json.add("subscribed", wildcard);
    } else {
      json.add("subscribed", names(type.subscribed()));
    }
    json.add("accepted", names(type.accepted()));
    type.lastNack()
        .ifPresent(
            nack -> {
              JsonObject last = new JsonObject();
              last.addProperty("version", nack.version());
              last.addProperty("nonce", nack.nonce());
              last.addProperty("message", nack.message());
              last.addProperty("time", nack.time().toString());
              json.add("last_nack", last);
            });
    return json;
  }

  private static JsonArray names(Collection<String> names) {
    JsonArray array = new JsonArray();
    new TreeSet<>(names).forEach(array::add);
    return array;
  }
}

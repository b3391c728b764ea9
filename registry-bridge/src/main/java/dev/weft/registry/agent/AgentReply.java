package dev.weft.registry.agent;

import com.google.gson.JsonObject;

/**
 * One answer of the agent: an HTTP status and a JSON body. SOFA RPC counts a call as done only on
 * HTTP 200 with {@code "success":true}.
 */
record AgentReply(int status, JsonObject body) {
  static AgentReply ok() {
    return ok(new JsonObject());
  }

  /** HTTP 200 with {@code "success":true} first, then the members of {@code body}. */
  static AgentReply ok(JsonObject body) {
    JsonObject json = new JsonObject();
    json.addProperty("success", true);
    body.entrySet().forEach(e -> json.add(e.getKey(), e.getValue()));
    return new AgentReply(200, json);
  }

  static AgentReply error(int status, String message) {
    JsonObject json = new JsonObject();
    json.addProperty("success", false);
    json.addProperty("errorMessage", message);
    return new AgentReply(status, json);
  }

  static AgentReply badRequest(BadRequestException e) {
    return error(400, e.getMessage());
  }
}

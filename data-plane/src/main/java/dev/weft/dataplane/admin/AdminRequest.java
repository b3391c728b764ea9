package dev.weft.dataplane.admin;

import java.util.List;
import java.util.Map;

/**
 * An admin request, decoded: method, path, query parameters and body.
 *
 * @param query each key with its values; a bare key ({@code ?allrouters}) has one empty value
 */
record AdminRequest(String method, String path, Map<String, List<String>> query, String body) {
  AdminRequest {
    query = Map.copyOf(query);
  }
}

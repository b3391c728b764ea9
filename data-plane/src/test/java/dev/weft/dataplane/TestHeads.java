package dev.weft.dataplane;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResponseHead;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/** Request and response heads made in tests, without a codec. */
public final class TestHeads {
  private TestHeads() {}

  public static RequestHead request(String method, String path, Map<String, String> headers) {
    HeaderMap map = new MapHeaders(headers);
    return new RequestHead() {
      private String currentPath = path;
      private String authority = "";

      @Override
      public String protocol() {
        return "Http1";
      }

      @Override
      public String method() {
        return method;
      }

      @Override
      public String path() {
        return currentPath;
      }

      @Override
      public void setPath(String newPath) {
        currentPath = newPath;
      }

      @Override
      public String authority() {
        return authority;
      }

      @Override
      public void setAuthority(String newAuthority) {
        authority = newAuthority;
      }

      @Override
      public String scheme() {
        return "http";
      }

      @Override
      public HeaderMap headers() {
        return map;
      }
    };
  }

  public static ResponseHead response(int status, Map<String, String> headers) {
    HeaderMap map = new MapHeaders(headers);
    return new ResponseHead() {
      @Override
      public String protocol() {
        return "Http1";
      }

      @Override
      public int status() {
        return status;
      }

      @Override
      public HeaderMap headers() {
        return map;
      }
    };
  }

  /** Case-insensitive headers over a map: one value per name. */
  private static final class MapHeaders implements HeaderMap {
    private final Map<String, String> values = new LinkedHashMap<>();

    MapHeaders(Map<String, String> headers) {
      headers.forEach((k, v) -> values.put(k.toLowerCase(Locale.ROOT), v));
    }

    @Override
    public String get(String name) {
      return values.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public List<String> getAll(String name) {
      String value = get(name);
      return value == null ? List.of() : List.of(value);
    }

    @Override
    public void set(String name, String value) {
      values.put(name.toLowerCase(Locale.ROOT), value);
    }

    @Override
    public void add(String name, String value) {
      set(name, value);
    }

    @Override
    public boolean remove(String name) {
      return values.remove(name.toLowerCase(Locale.ROOT)) != null;
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
      new ArrayList<>(values.entrySet()).forEach(e -> action.accept(e.getKey(), e.getValue()));
    }

    @Override
    public int size() {
      return values.size();
    }
  }
}

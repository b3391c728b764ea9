package dev.weft.dataplane;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/** A request head for unit tests: an HTTP-like head over a simple header list. */
public final class FakeRequestHead implements RequestHead {
  private final String method;
  private String path;
  private String authority;
  private final Headers headers = new Headers();

  public FakeRequestHead(String method, String authority, String path) {
    this.method = method;
    this.authority = authority;
    this.path = path;
  }

  public static FakeRequestHead get(String authority, String path) {
    return new FakeRequestHead("GET", authority, path);
  }

  public FakeRequestHead header(String name, String value) {
    headers.add(name, value);
    return this;
  }

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
    return path;
  }

  @Override
  public void setPath(String path) {
    this.path = path;
  }

  @Override
  public String authority() {
    return authority;
  }

  @Override
  public void setAuthority(String authority) {
    this.authority = authority;
  }

  @Override
  public String scheme() {
    return "http";
  }

  @Override
  public HeaderMap headers() {
    return headers;
  }

  /** A simple ordered, case-insensitive header list. */
  public static final class Headers implements HeaderMap {
    private final List<Map.Entry<String, String>> entries = new ArrayList<>();

    @Override
    public String get(String name) {
      for (Map.Entry<String, String> e : entries) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }

    @Override
    public List<String> getAll(String name) {
      List<String> values = new ArrayList<>();
      entries.forEach(
          e -> {
            if (e.getKey().equalsIgnoreCase(name)) {
              values.add(e.getValue());
            }
          });
      return values;
    }

    @Override
    public void set(String name, String value) {
      remove(name);
      add(name, value);
    }

    @Override
    public void add(String name, String value) {
      entries.add(Map.entry(name.toLowerCase(Locale.ROOT), value));
    }

    @Override
    public boolean remove(String name) {
      return entries.removeIf(e -> e.getKey().equalsIgnoreCase(name));
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
      entries.forEach(e -> action.accept(e.getKey(), e.getValue()));
    }

    @Override
    public int size() {
      return entries.size();
    }
  }
}

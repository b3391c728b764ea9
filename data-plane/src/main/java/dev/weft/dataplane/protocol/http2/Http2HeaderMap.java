package dev.weft.dataplane.protocol.http2;

import dev.weft.dataplane.protocol.HeaderMap;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@link HeaderMap} over Netty's {@link Http2Headers}, without copying them. HTTP/2 names are lower
 * case, so names are lower-cased on the way in; pseudo-headers ({@code :path}...) can be read by
 * name but are left out of {@link #forEach} and {@link #size}.
 */
public final class Http2HeaderMap implements HeaderMap {
  private final Http2Headers headers;

  public Http2HeaderMap(Http2Headers headers) {
    this.headers = headers;
  }

  public Http2Headers netty() {
    return headers;
  }

  @Override
  public String get(String name) {
    CharSequence value = headers.get(key(name));
    return value == null ? null : value.toString();
  }

  @Override
  public List<String> getAll(String name) {
    List<CharSequence> values = headers.getAll(key(name));
    List<String> strings = new ArrayList<>(values.size());
    for (CharSequence value : values) {
      strings.add(value.toString());
    }
    return strings;
  }

  @Override
  public boolean contains(String name) {
    return headers.contains(key(name));
  }

  @Override
  public void set(String name, String value) {
    headers.set(key(name), value);
  }

  @Override
  public void add(String name, String value) {
    headers.add(key(name), value);
  }

  @Override
  public boolean remove(String name) {
    return headers.remove(key(name));
  }

  @Override
  public void forEach(BiConsumer<String, String> action) {
    for (Map.Entry<CharSequence, CharSequence> entry : headers) {
      CharSequence name = entry.getKey();
      if (!isPseudo(name)) {
        action.accept(name.toString(), entry.getValue().toString());
      }
    }
  }

  @Override
  public int size() {
    int pseudo = 0;
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iterator();
    while (it.hasNext()) {
      if (isPseudo(it.next().getKey())) {
        pseudo++;
      }
    }
    return headers.size() - pseudo;
  }

  static boolean isPseudo(CharSequence name) {
    return name.length() > 0 && name.charAt(0) == ':';
  }

  /** The HTTP/2 (lower-case) form of {@code name}; the same string when it already is. */
  static String key(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return name.toLowerCase(Locale.ROOT);
      }
    }
    return name;
  }

  @Override
  public String toString() {
    return headers.toString();
  }
}

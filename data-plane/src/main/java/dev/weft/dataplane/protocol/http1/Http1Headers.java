package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.HeaderMap;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** {@link HeaderMap} over Netty's HTTP/1 headers, without copying them. */
public final class Http1Headers implements HeaderMap {
  private final HttpHeaders headers;

  public Http1Headers(HttpHeaders headers) {
    this.headers = headers;
  }

  public HttpHeaders netty() {
    return headers;
  }

  @Override
  public String get(String name) {
    return headers.get(name);
  }

  @Override
  public List<String> getAll(String name) {
    return headers.getAll(name);
  }

  @Override
  public boolean contains(String name) {
    return headers.contains(name);
  }

  @Override
  public void set(String name, String value) {
    headers.set(name, value);
  }

  @Override
  public void add(String name, String value) {
    headers.add(name, value);
  }

  @Override
  public boolean remove(String name) {
    boolean present = headers.contains(name);
    headers.remove(name);
    return present;
  }

  @Override
  public void forEach(BiConsumer<String, String> action) {
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> entry = it.next();
      action.accept(entry.getKey().toString(), entry.getValue().toString());
    }
  }

  @Override
  public int size() {
    return headers.size();
  }

  @Override
  public String toString() {
    return headers.toString();
  }
}

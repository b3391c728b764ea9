package dev.weft.registry.etcd;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The etcd client URLs a registry store connects to, parsed from the comma-separated form that
 * {@code --etcd-endpoints} and etcd's own tools take: {@code
 * http://10.0.0.1:2379,http://10.0.0.2:2379}.
 */
public final class EtcdEndpoints {
  static final String EXPECTED = "a URL like http://127.0.0.1:2379";

  private final List<URI> urls;

  private EtcdEndpoints(List<URI> urls) {
    this.urls = List.copyOf(urls);
  }

  /**
   * Parses a comma-separated list.
   *
   * @throws IllegalArgumentException naming the first bad entry and what was expected
   */
  public static EtcdEndpoints parse(String commaSeparated) {
    List<URI> urls = new ArrayList<>();
    for (String raw : commaSeparated.split(",", -1)) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        throw new IllegalArgumentException(
            "empty etcd endpoint in '" + commaSeparated + "': expected " + EXPECTED);
      }
      urls.add(parseOne(entry));
    }
    return new EtcdEndpoints(urls);
  }

  private static URI parseOne(String entry) {
    if (!entry.startsWith("http://") && !entry.startsWith("https://")) {
      throw new IllegalArgumentException(
          "etcd endpoint '" + entry + "' has no http:// or https:// scheme: expected " + EXPECTED);
    }
    URI url;
    try {
      url = new URI(entry);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "etcd endpoint '" + entry + "' is not a URL: expected " + EXPECTED, e);
    }
    if (url.getHost() == null || url.getPort() < 1 || url.getPort() > 65535) {
      throw new IllegalArgumentException(
          "etcd endpoint '" + entry + "' needs a host and a port (1-65535): expected " + EXPECTED);
    }
    if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !"/".equals(url.getRawPath())) {
      throw new IllegalArgumentException(
          "etcd endpoint '"
              + entry
              + "' has a path; etcd serves at the root: expected "
              + EXPECTED);
    }
    return URI.create(url.getScheme() + "://" + url.getRawAuthority());
  }

  public List<URI> urls() {
    return urls;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EtcdEndpoints && ((EtcdEndpoints) other).urls.equals(urls);
  }

  @Override
  public int hashCode() {
    return urls.hashCode();
  }

  /** The comma-separated form, which {@link #parse} reads back. */
  @Override
  public String toString() {
    return urls.stream().map(URI::toString).collect(Collectors.joining(","));
  }
}

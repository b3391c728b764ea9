package dev.weft.registry.store.etcd;

import dev.weft.registry.model.ServiceId;
import dev.weft.registry.store.PublicationKey;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;

/**
 * Where the etcd store keeps things, under its root prefix (default {@code /weft/registry/v1/}):
 *
 * <ul>
 *   <li>{@code <root>publications/<dataInfoId>/<owner>/<registId>}: one publication; the owner is a
 *       session id or {@code persistent}. Each segment is percent-encoded ({@link PathSegments}).
 *   <li>{@code <root>sessions/<sessionId>}: one open session, on the session's lease.
 * </ul>
 */
final class KeyLayout {
  static final String PUBLICATIONS = "publications/";
  static final String SESSIONS = "sessions/";

  private final String root;
  private final String publicationsPrefix;
  private final ByteSequence publicationsPrefixBytes;

  /**
   * @param root starts and ends with {@code /}, e.g. {@code /weft/registry/v1/}
   */
  KeyLayout(String root) {
    if (!root.startsWith("/") || !root.endsWith("/")) {
      throw new IllegalArgumentException(
          "etcd root prefix '" + root + "' must start and end with '/', like /weft/registry/v1/");
    }
    this.root = root;
    this.publicationsPrefix = root + PUBLICATIONS;
    this.publicationsPrefixBytes = bytes(publicationsPrefix);
  }

  String root() {
    return root;
  }

  /** Every publication key starts with this. */
  ByteSequence publicationsPrefix() {
    return publicationsPrefixBytes;
  }

  /** The first key after every publication key: the end of a range read of them. */
  ByteSequence publicationsEnd() {
    // The prefix ends with '/'; the next byte value, '0', ends the range.
    return bytes(publicationsPrefix.substring(0, publicationsPrefix.length() - 1) + "0");
  }

  ByteSequence publication(PublicationKey key) {
    return bytes(
        publicationsPrefix
            + PathSegments.encode(key.service().dataInfoId())
            + '/'
            + PathSegments.encode(key.owner())
            + '/'
            + PathSegments.encode(key.registId()));
  }

  ByteSequence session(String sessionId) {
    return bytes(root + SESSIONS + PathSegments.encode(sessionId));
  }

  /**
   * The publication a key under {@link #publicationsPrefix()} names.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  PublicationKey parsePublication(ByteSequence key) {
    String text = key.toString(StandardCharsets.UTF_8);
    if (!text.startsWith(publicationsPrefix)) {
      throw new IllegalArgumentException("not under " + publicationsPrefix);
    }
    String[] segments = text.substring(publicationsPrefix.length()).split("/", -1);
    if (segments.length != 3) {
      throw new IllegalArgumentException(
          "expected <dataInfoId>/<owner>/<registId> after the prefix, got "
              + segments.length
              + " segment(s)");
    }
    ServiceId service = ServiceId.parseDataInfoId(PathSegments.decode(segments[0]));
    return new PublicationKey(
        service, PathSegments.decode(segments[1]), PathSegments.decode(segments[2]));
  }

  static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}

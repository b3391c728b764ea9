package dev.weft.controlplane.xds;

import com.google.common.collect.MapMaker;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Content-hash versions: a resource's version is a hash of its deterministic serialization, and a
 * response's version a hash of its resources' names and versions. Equal content gives equal
 * versions in every JVM, so replicas agree and a reconnecting client is not sent what it has.
 * Hashes are remembered per message instance while the instance lives.
 */
public final class ResourceHash {
  private final ConcurrentMap<Message, String> byInstance = new MapMaker().weakKeys().makeMap();

  /** The resource's version: 16 hex digits of the SHA-256 of its deterministic bytes. */
  public String of(Message resource) {
    return byInstance.computeIfAbsent(resource, ResourceHash::compute);
  }

  /** A response's version over its resources, by name; the empty set has a version too. */
  public static String ofSet(SortedMap<String, String> versionsByName) {
    MessageDigest digest = sha256();
    for (Map.Entry<String, String> entry : versionsByName.entrySet()) {
      digest.update(entry.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(entry.getValue().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      digest.update((byte) '\n');
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 8);
  }

  private static String compute(Message resource) {
    byte[] bytes = new byte[resource.getSerializedSize()];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.useDeterministicSerialization();
    try {
      resource.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MessageDigest digest = sha256();
    digest.update(
        resource
            .getDescriptorForType()
            .getFullName()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    digest.update(bytes);
    return HexFormat.of().formatHex(digest.digest(), 0, 8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

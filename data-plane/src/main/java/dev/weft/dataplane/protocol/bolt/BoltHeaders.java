package dev.weft.dataplane.protocol.bolt;

import dev.weft.dataplane.protocol.HeaderMap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * SOFA RPC's header map ({@code SimpleMapSerializer}): {@code int32 keyLen, key, int32 valueLen,
 * value} pairs in UTF-8 until the block ends; a length of -1 is null, and entries with a null key
 * or value are skipped. A malformed tail (a length past the block's end, or below -1) ends the map:
 * the entries before it are kept, the rest is dropped if the map is re-encoded.
 *
 * <p>Two names read through to SOFA RPC's own keys when the frame lacks them: {@code method} reads
 * {@code sofa_head_method_name} and {@code service} reads {@code sofa_head_target_service} (the
 * server's own fallback). Like HTTP/2 pseudo-headers they are left out of {@link #forEach} and
 * {@link #size}, and changes always apply to the named key itself. Any change marks the map
 * modified, so the frame re-encodes its header block.
 */
final class BoltHeaders implements HeaderMap {
  private static final Map<String, String> FALLBACKS =
      Map.of("method", "sofa_head_method_name", "service", "sofa_head_target_service");

  private final List<String> names = new ArrayList<>();
  private final List<String> values = new ArrayList<>();
  private boolean modified;

  /** Parses {@code length} bytes of {@code buf} from {@code index}; never throws. */
  static BoltHeaders parse(ByteBuf buf, int index, int length) {
    BoltHeaders headers = new BoltHeaders();
    int pos = index;
    int end = index + length;
    while (end - pos >= 4) {
      int keyLength = buf.getInt(pos);
      pos += 4;
      if (keyLength < -1 || keyLength > end - pos) {
        break;
      }
      String key = keyLength < 0 ? null : buf.toString(pos, keyLength, StandardCharsets.UTF_8);
      pos += Math.max(keyLength, 0);
      if (end - pos < 4) {
        break;
      }
      int valueLength = buf.getInt(pos);
      pos += 4;
      if (valueLength < -1 || valueLength > end - pos) {
        break;
      }
      String value =
          valueLength < 0 ? null : buf.toString(pos, valueLength, StandardCharsets.UTF_8);
      pos += Math.max(valueLength, 0);
      if (key != null && value != null) {
        headers.names.add(key);
        headers.values.add(value);
      }
    }
    return headers;
  }

  boolean modified() {
    return modified;
  }

  /** The bytes {@link #encode} writes. */
  int encodedLength() {
    int length = 0;
    for (int i = 0; i < names.size(); i++) {
      length += 8 + ByteBufUtil.utf8Bytes(names.get(i)) + ByteBufUtil.utf8Bytes(values.get(i));
    }
    return length;
  }

  void encode(ByteBuf out) {
    for (int i = 0; i < names.size(); i++) {
      writeString(out, names.get(i));
      writeString(out, values.get(i));
    }
  }

  private static void writeString(ByteBuf out, String text) {
    out.writeInt(ByteBufUtil.utf8Bytes(text));
    ByteBufUtil.writeUtf8(out, text);
  }

  @Override
  public String get(String name) {
    int i = indexOf(name, 0);
    if (i >= 0) {
      return values.get(i);
    }
    String fallback = FALLBACKS.get(name.toLowerCase(Locale.ROOT));
    return fallback == null ? null : get(fallback);
  }

  @Override
  public List<String> getAll(String name) {
    List<String> all = new ArrayList<>(1);
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      all.add(values.get(i));
    }
    if (all.isEmpty()) {
      String fallback = FALLBACKS.get(name.toLowerCase(Locale.ROOT));
      return fallback == null ? all : getAll(fallback);
    }
    return all;
  }

  @Override
  public void set(String name, String value) {
    removeAll(name);
    add(name, value);
  }

  @Override
  public void add(String name, String value) {
    names.add(name);
    values.add(value);
    modified = true;
  }

  @Override
  public boolean remove(String name) {
    boolean removed = removeAll(name);
    modified |= removed;
    return removed;
  }

  private boolean removeAll(String name) {
    boolean removed = false;
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i)) {
      names.remove(i);
      values.remove(i);
      removed = true;
    }
    return removed;
  }

  @Override
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < names.size(); i++) {
      action.accept(names.get(i), values.get(i));
    }
  }

  @Override
  public int size() {
    return names.size();
  }

  private int indexOf(String name, int from) {
    for (int i = from; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return entries().toString();
  }
}

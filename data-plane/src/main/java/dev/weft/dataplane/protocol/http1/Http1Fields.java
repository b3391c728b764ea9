package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.HeaderMap;
import io.netty.buffer.ByteBuf;
import io.netty.util.CharsetUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The header (or trailer) section of an HTTP/1 message as received: the bytes of the section, where
 * each field's name and value lie in them, and what changed since: fields removed and fields added
 * (a field set is removed, then added at the end). Names and values become Strings only when asked
 * for; an unchanged section is forwarded by copying its bytes.
 *
 * <p>Values are bytes read as ISO-8859-1, as Netty's codec reads them. Fields added through {@link
 * #set}/{@link #add} are checked: a name must be a token, a value must hold no control character.
 */
final class Http1Fields implements HeaderMap {
  private static final byte[] NO_BYTES = new byte[0];

  private final byte[] raw;
  private final int start;
  private int[] spans; // per field: name start, name end, value start, value end
  private byte[] ids;
  private int count;
  private int end;
  private boolean parsed;
  private long removed; // a bit per parsed field, for the first 64
  private long[] removedBeyond; // and for any after them
  private int removedCount;
  private ArrayList<String> added; // name, value, name, value...
  private int known; // a bit per id seen among the fields (parsed or added), never cleared

  /**
   * A section read from {@code raw}, whose first field line starts at {@code start}, with room for
   * {@code capacity} fields (more are possible).
   */
  Http1Fields(byte[] raw, int start, int capacity) {
    this.raw = raw;
    this.start = start;
    this.end = start;
    this.spans = new int[capacity * 4];
    this.ids = new byte[capacity];
  }

  /** An empty section, for messages the sidecar makes. */
  static Http1Fields empty() {
    return new Http1Fields(NO_BYTES, 0, 0);
  }

  // ----- building, by the parser -----

  void parsed(int nameStart, int nameEnd, int valueStart, int valueEnd, byte id) {
    if (count == ids.length) {
      int capacity = Math.max(8, count * 2);
      ids = Arrays.copyOf(ids, capacity);
      spans = Arrays.copyOf(spans, capacity * 4);
    }
    int s = count * 4;
    spans[s] = nameStart;
    spans[s + 1] = nameEnd;
    spans[s + 2] = valueStart;
    spans[s + 3] = valueEnd;
    ids[count++] = id;
    known |= Http1Names.bit(id);
  }

  /** The section's empty line starts at {@code end}. */
  void finish(int end) {
    this.end = end;
    this.parsed = true;
  }

  // ----- the parsed fields, by index -----

  byte[] raw() {
    return raw;
  }

  int start() {
    return start;
  }

  int parsedCount() {
    return count;
  }

  byte id(int i) {
    return ids[i];
  }

  boolean isRemoved(int i) {
    if (i < Long.SIZE) {
      return (removed & (1L << i)) != 0;
    }
    int word = (i >> 6) - 1;
    return removedBeyond != null
        && word < removedBeyond.length
        && (removedBeyond[word] & (1L << i)) != 0;
  }

  int valueStart(int i) {
    return spans[i * 4 + 2];
  }

  int valueEnd(int i) {
    return spans[i * 4 + 3];
  }

  String value(int i) {
    return new String(raw, valueStart(i), valueEnd(i) - valueStart(i), StandardCharsets.ISO_8859_1);
  }

  private String name(int i) {
    int s = spans[i * 4];
    return new String(raw, s, spans[i * 4 + 1] - s, StandardCharsets.ISO_8859_1);
  }

  private boolean nameIs(int i, String name) {
    int s = spans[i * 4];
    return Http1Chars.equalsIgnoreCase(raw, s, spans[i * 4 + 1] - s, name);
  }

  private void markRemoved(int i) {
    if (i < Long.SIZE) {
      removed |= 1L << i;
    } else {
      int word = (i >> 6) - 1;
      if (removedBeyond == null || removedBeyond.length <= word) {
        removedBeyond =
            Arrays.copyOf(removedBeyond == null ? new long[0] : removedBeyond, word + 1);
      }
      removedBeyond[word] |= 1L << i;
    }
    removedCount++;
  }

  // ----- known fields, by Http1Names id -----

  /** A bit per id seen among the fields (parsed or added), never cleared. */
  int known() {
    return known;
  }

  /** Whether a field with this id is present (parsed and kept, or added). */
  boolean has(byte id) {
    if ((known & Http1Names.bit(id)) == 0) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (ids[i] == id && !isRemoved(i)) {
        return true;
      }
    }
    return added != null && indexOfAdded(Http1Names.name(id), 0) >= 0;
  }

  /** Whether fields were added since parsing. */
  boolean hasAdded() {
    return added != null && !added.isEmpty();
  }

  /** Removes every field whose id is among {@code idBits} ({@link Http1Names#bit}), in one pass. */
  void removeIds(int idBits) {
    for (int i = 0; i < count; i++) {
      if ((idBits & Http1Names.bit(ids[i])) != 0 && !isRemoved(i)) {
        markRemoved(i);
      }
    }
    for (int a = 0; added != null && a < added.size(); ) {
      if ((idBits & Http1Names.bit(Http1Names.id(added.get(a)))) != 0) {
        added.remove(a + 1);
        added.remove(a);
      } else {
        a += 2;
      }
    }
  }

  /** The values of fields with this id added since parsing. */
  List<String> addedValues(byte id) {
    List<String> values = new ArrayList<>(1);
    String name = Http1Names.name(id);
    for (int a = added == null ? -1 : indexOfAdded(name, 0);
        a >= 0;
        a = indexOfAdded(name, a + 2)) {
      values.add(added.get(a + 1));
    }
    return values;
  }

  void stripHopByHop(boolean keepTransferEncoding) {
    Http1HopByHop.strip(this, keepTransferEncoding);
  }

  // ----- HeaderMap -----

  @Override
  public String get(String name) {
    for (int i = 0; i < count; i++) {
      if (!isRemoved(i) && nameIs(i, name)) {
        return value(i);
      }
    }
    int a = added == null ? -1 : indexOfAdded(name, 0);
    return a < 0 ? null : added.get(a + 1);
  }

  @Override
  public List<String> getAll(String name) {
    List<String> values = new ArrayList<>(2);
    for (int i = 0; i < count; i++) {
      if (!isRemoved(i) && nameIs(i, name)) {
        values.add(value(i));
      }
    }
    for (int a = added == null ? -1 : indexOfAdded(name, 0);
        a >= 0;
        a = indexOfAdded(name, a + 2)) {
      values.add(added.get(a + 1));
    }
    return values;
  }

  @Override
  public boolean contains(String name) {
    for (int i = 0; i < count; i++) {
      if (!isRemoved(i) && nameIs(i, name)) {
        return true;
      }
    }
    return added != null && indexOfAdded(name, 0) >= 0;
  }

  @Override
  public void set(String name, String value) {
    Http1Chars.checkName(name);
    Http1Chars.checkValue(name, value);
    remove(name);
    append(name, value);
  }

  @Override
  public void add(String name, String value) {
    Http1Chars.checkName(name);
    Http1Chars.checkValue(name, value);
    append(name, value);
  }

  private void append(String name, String value) {
    if (added == null) {
      added = new ArrayList<>(4);
    }
    added.add(name);
    added.add(value);
    known |= Http1Names.bit(Http1Names.id(name));
  }

  @Override
  public boolean remove(String name) {
    boolean found = false;
    for (int i = 0; i < count; i++) {
      if (!isRemoved(i) && nameIs(i, name)) {
        markRemoved(i);
        found = true;
      }
    }
    for (int a = added == null ? -1 : indexOfAdded(name, 0); a >= 0; a = indexOfAdded(name, a)) {
      added.remove(a + 1);
      added.remove(a);
      found = true;
    }
    return found;
  }

  @Override
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < count; i++) {
      if (!isRemoved(i)) {
        action.accept(name(i), value(i));
      }
    }
    for (int a = 0; added != null && a < added.size(); a += 2) {
      action.accept(added.get(a), added.get(a + 1));
    }
  }

  @Override
  public int size() {
    return count - removedCount + (added == null ? 0 : added.size() / 2);
  }

  private int indexOfAdded(String name, int from) {
    for (int a = from; a < added.size(); a += 2) {
      if (Http1Chars.equalsIgnoreCase(added.get(a), name)) {
        return a;
      }
    }
    return -1;
  }

  // ----- encoding -----

  /** Whether nothing was removed or added. */
  boolean unchanged() {
    return removedCount == 0 && added == null;
  }

  /** Bytes {@link #encode} writes at most, without the extra lines a codec appends. */
  int encodedSizeHint() {
    int size = end - start + 2;
    for (int a = 0; added != null && a < added.size(); a++) {
      size += added.get(a).length() + 2;
    }
    return size;
  }

  /**
   * Writes the field lines kept, then those added. The raw bytes from {@code from} (at most {@link
   * #start()}) up to the first removed field are copied as they are, so a caller forwarding an
   * unchanged start line passes 0. With {@code withEnd}, the empty line ending the section follows.
   */
  void encode(ByteBuf out, int from, boolean withEnd) {
    int run = from;
    for (int i = 0; removedCount > 0 && i < count; i++) {
      if (isRemoved(i)) {
        int lineStart = spans[i * 4];
        if (lineStart > run) {
          out.writeBytes(raw, run, lineStart - run);
        }
        run = i + 1 < count ? spans[(i + 1) * 4] : end;
      }
    }
    boolean rawEnd = withEnd && added == null && parsed;
    int stop = rawEnd ? end + 2 : end;
    if (stop > run) {
      out.writeBytes(raw, run, stop - run);
    }
    for (int a = 0; added != null && a < added.size(); a += 2) {
      out.writeCharSequence(added.get(a), CharsetUtil.ISO_8859_1);
      out.writeByte(':').writeByte(' ');
      out.writeCharSequence(added.get(a + 1), CharsetUtil.ISO_8859_1);
      out.writeByte('\r').writeByte('\n');
    }
    if (withEnd && !rawEnd) {
      out.writeByte('\r').writeByte('\n');
    }
  }

  @Override
  public String toString() {
    return entries().toString();
  }
}

package dev.weft.dataplane.protocol.dubbo;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.hessian.Hessian2Exception;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Dubbo request's routing headers, read from its hessian2 body only as far as asked: {@code
 * dubbo}, {@code service}, {@code version} and {@code method} come from the body's leading fields;
 * any other name (such as {@code group} or {@code interface}) reads the attachments after the
 * arguments. An empty {@code version} field falls back to the {@code version} attachment.
 *
 * <p>Changes (a route's header mutations) apply to this view only, for later routing and logging:
 * the frame is forwarded as it arrived.
 */
final class DubboHeaders implements HeaderMap {
  static final String DUBBO = "dubbo";
  static final String SERVICE = "service";
  static final String VERSION = "version";
  static final String METHOD = "method";

  private static final Logger log = LoggerFactory.getLogger(DubboHeaders.class);

  private final DubboFrame frame;
  private final List<String> names = new ArrayList<>(8);
  private final List<String> values = new ArrayList<>(8);
  private DubboRequestBody.Leading leading;
  private boolean leadingRead;
  private boolean attachmentsRead;

  /** Headers read lazily from {@code frame}'s body; null for a frame with nothing to read. */
  DubboHeaders(DubboFrame frame) {
    this.frame = frame;
    if (frame == null) {
      leadingRead = true;
      attachmentsRead = true;
    }
  }

  static DubboHeaders empty() {
    return new DubboHeaders(null);
  }

  // ----- lazy reading -----

  private void readFor(String name) {
    readLeading();
    if (attachmentsRead) {
      return;
    }
    boolean leadingName =
        name.equalsIgnoreCase(DUBBO)
            || name.equalsIgnoreCase(SERVICE)
            || name.equalsIgnoreCase(METHOD)
            || (name.equalsIgnoreCase(VERSION) && !versionEmpty());
    if (!leadingName) {
      readAttachments();
    }
  }

  private void readLeading() {
    if (leadingRead) {
      return;
    }
    leadingRead = true;
    if (!frame.readable()) {
      attachmentsRead = true;
      return;
    }
    try {
      leading = frame.body().leading();
    } catch (Hessian2Exception e) {
      log.debug("dubbo request {}: no routing headers: {}", frame.requestId(), e.getMessage());
      attachmentsRead = true;
      return;
    }
    put(DUBBO, leading.dubboVersion());
    put(SERVICE, leading.service());
    put(VERSION, leading.version() == null ? "" : leading.version());
    put(METHOD, leading.method());
  }

  private void readAttachments() {
    attachmentsRead = true;
    if (leading == null || !frame.readable()) {
      return;
    }
    try {
      frame.body().attachments(leading, this::putAttachment);
    } catch (Hessian2Exception e) {
      log.debug("dubbo request {}: attachments unreadable: {}", frame.requestId(), e.getMessage());
    }
  }

  private void putAttachment(String key, String value) {
    if (key.equalsIgnoreCase(VERSION)) {
      if (versionEmpty()) {
        values.set(indexOf(VERSION), value);
      }
    } else if (!key.equalsIgnoreCase(DUBBO)
        && !key.equalsIgnoreCase(SERVICE)
        && !key.equalsIgnoreCase(METHOD)) {
      put(key, value);
    }
  }

  private boolean versionEmpty() {
    int index = indexOf(VERSION);
    return index >= 0 && values.get(index).isEmpty();
  }

  private void readAll() {
    readLeading();
    if (!attachmentsRead) {
      readAttachments();
    }
  }

  private void put(String name, String value) {
    if (value != null) {
      names.add(name);
      values.add(value);
    }
  }

  private int indexOf(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  // ----- HeaderMap -----

  @Override
  public String get(String name) {
    readFor(name);
    int index = indexOf(name);
    return index < 0 ? null : values.get(index);
  }

  @Override
  public List<String> getAll(String name) {
    readFor(name);
    List<String> all = new ArrayList<>(1);
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        all.add(values.get(i));
      }
    }
    return all;
  }

  @Override
  public void set(String name, String value) {
    remove(name);
    put(name, value);
  }

  @Override
  public void add(String name, String value) {
    readAll();
    put(name, value);
  }

  @Override
  public boolean remove(String name) {
    readAll();
    boolean removed = false;
    for (int i = names.size() - 1; i >= 0; i--) {
      if (names.get(i).equalsIgnoreCase(name)) {
        names.remove(i);
        values.remove(i);
        removed = true;
      }
    }
    return removed;
  }

  @Override
  public void forEach(BiConsumer<String, String> action) {
    readAll();
    for (int i = 0; i < names.size(); i++) {
      action.accept(names.get(i), values.get(i));
    }
  }

  @Override
  public int size() {
    readAll();
    return names.size();
  }
}

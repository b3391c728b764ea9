package dev.weft.dataplane.admin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.event.Level;

/** Log levels kept in a map, standing in for the CLI's logback implementation. */
final class FakeLogLevels implements LogLevels {
  final Map<String, Level> levels = new ConcurrentHashMap<>(Map.of(ROOT, Level.INFO));

  @Override
  public Map<String, Level> levels() {
    return Map.copyOf(levels);
  }

  @Override
  public void setLevel(String name, Level level) {
    levels.put(name, level);
  }
}

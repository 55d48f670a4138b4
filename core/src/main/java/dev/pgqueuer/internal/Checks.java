package dev.pgqueuer.internal;

import dev.pgqueuer.JobId;
import dev.pgqueuer.port.Limits;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Argument validation shared by request records, so that both backends reject bad input identically and before
 * any effect. Messages name the argument.
 */
public final class Checks {

  private Checks() {}

  /**
   * A name (entrypoint, expression): an indexed {@link #key} that is not blank.
   *
   * @return {@code value}
   */
  public static String name(String value, String argument) {
    key(value, argument);
    if (value.isBlank()) {
      throw new IllegalArgumentException(argument + " must not be blank");
    }
    return value;
  }

  /**
   * Indexed text (entrypoint, dedupe key, expression): {@link #text} of at most {@link Limits#MAX_KEY_BYTES} bytes
   * in UTF-8.
   *
   * @return {@code value}
   */
  public static String key(String value, String argument) {
    long bytes = checkedUtf8Length(value, argument);
    if (bytes > Limits.MAX_KEY_BYTES) {
      throw new IllegalArgumentException(argument + " must have at most " + Limits.MAX_KEY_BYTES
          + " bytes in UTF-8, got " + bytes);
    }
    return value;
  }

  /**
   * Text: non-null, free of NUL characters (PostgreSQL text cannot hold them) and well-formed UTF-16 (PostgreSQL
   * would store an unpaired surrogate as {@code ?}, so distinct texts would collide).
   *
   * @return {@code value}
   */
  public static String text(String value, String argument) {
    checkedUtf8Length(value, argument);
    return value;
  }

  /** Checks {@code value} as {@link #text} does and returns its length in UTF-8, in one pass. */
  private static long checkedUtf8Length(String value, String argument) {
    if (value == null) {
      throw new NullPointerException(argument + " must not be null");
    }
    long bytes = 0;
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        if (c == '\0') {
          throw new IllegalArgumentException(argument + " must not contain the NUL character");
        }
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (!Character.isSurrogate(c)) {
        bytes += 3;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        throw new IllegalArgumentException(argument + " must be well-formed UTF-16, but has an unpaired "
            + "surrogate at index " + i);
      }
    }
    return bytes;
  }

  /**
   * {@code value} made storable where it cannot be refused (texts the worker records, such as exception messages):
   * NUL characters become spaces and unpaired surrogates become U+FFFD.
   */
  public static String storable(String value) {
    StringBuilder out = null;
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      char replacement = 0;
      if (c == '\0') {
        replacement = ' ';
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
        if (out != null) {
          out.append(c).append(value.charAt(i + 1));
        }
        i++;
        continue;
      } else if (Character.isSurrogate(c)) {
        replacement = '\uFFFD';
      }
      if (replacement != 0 && out == null) {
        out = new StringBuilder(n).append(value, 0, i);
      }
      if (out != null) {
        out.append(replacement != 0 ? replacement : c);
      }
    }
    return out == null ? value : out.toString();
  }

  /** The length of well-formed {@code value} in UTF-8. */
  public static long utf8Length(String value) {
    long bytes = 0;
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * An immutable copy of a string map whose keys and values pass {@link #text} and hold at most
   * {@link Limits#MAX_HEADERS_BYTES} bytes in UTF-8 together.
   */
  public static Map<String, String> copyHeaders(Map<String, String> map, String argument) {
    if (map == null) {
      throw new NullPointerException(argument + " must not be null");
    }
    if (map.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new HashMap<>(map.size() * 2);
    long bytes = 0;
    for (Map.Entry<String, String> e : map.entrySet()) {
      bytes += checkedUtf8Length(e.getKey(), argument + " key");
      bytes += checkedUtf8Length(e.getValue(), argument + "[" + e.getKey() + "]");
      copy.put(e.getKey(), e.getValue());
    }
    if (bytes > Limits.MAX_HEADERS_BYTES) {
      throw new IllegalArgumentException(argument + " must have at most " + Limits.MAX_HEADERS_BYTES
          + " bytes of keys and values in UTF-8, got " + bytes);
    }
    return Map.copyOf(copy);
  }

  /** @throws IllegalArgumentException when {@code value < 0} @return {@code value} */
  public static int nonNegative(int value, String argument) {
    if (value < 0) {
      throw new IllegalArgumentException(argument + " must be >= 0, got " + value);
    }
    return value;
  }

  /** @throws IllegalArgumentException when {@code value < 1} @return {@code value} */
  public static int positive(int value, String argument) {
    if (value < 1) {
      throw new IllegalArgumentException(argument + " must be >= 1, got " + value);
    }
    return value;
  }

  /**
   * The first key of {@code keys}, in order, that {@code held} holds or an earlier element repeats; {@code null}
   * when none does. Both backends name the clashing key of a {@code DuplicateJobException} this way.
   */
  public static @Nullable String firstClash(List<@Nullable String> keys, Predicate<String> held) {
    Set<String> seen = null;
    for (int i = 0, n = keys.size(); i < n; i++) {
      String key = keys.get(i);
      if (key == null) {
        continue;
      }
      if (seen == null) {
        seen = new HashSet<>();
      }
      if (held.test(key) || !seen.add(key)) {
        return key;
      }
    }
    return null;
  }

  /** The ids without null elements and without duplicates, in first-occurrence order, as an immutable list. */
  public static List<JobId> distinctIds(Collection<JobId> ids, String argument) {
    if (ids == null) {
      throw new NullPointerException(argument + " must not be null");
    }
    LinkedHashSet<JobId> set = new LinkedHashSet<>();
    for (JobId id : ids) {
      if (id == null) {
        throw new NullPointerException(argument + " must not contain null");
      }
      set.add(id);
    }
    return List.copyOf(set);
  }

  /** An immutable copy of {@code list} with no null element. */
  public static <T> List<T> noNulls(Collection<T> list, String argument) {
    if (list == null) {
      throw new NullPointerException(argument + " must not be null");
    }
    List<T> copy = new ArrayList<>(list.size());
    for (T t : list) {
      if (t == null) {
        throw new NullPointerException(argument + " must not contain null");
      }
      copy.add(t);
    }
    return List.copyOf(copy);
  }
}

package dev.pgqueuer.internal;

import dev.pgqueuer.JobId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Argument validation shared by request records, so that both backends reject bad input identically and before
 * any effect. Messages name the argument.
 */
public final class Checks {

  private Checks() {}

  /**
   * A name (entrypoint, expression): non-null, not blank, no NUL character (PostgreSQL text cannot hold it).
   *
   * @return {@code value}
   */
  public static String name(String value, String argument) {
    text(value, argument);
    if (value.isBlank()) {
      throw new IllegalArgumentException(argument + " must not be blank");
    }
    return value;
  }

  /** Text: non-null and free of NUL characters. @return {@code value} */
  public static String text(String value, String argument) {
    if (value == null) {
      throw new NullPointerException(argument + " must not be null");
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(argument + " must not contain the NUL character");
    }
    return value;
  }

  /** An immutable copy of a string map whose keys and values pass {@link #text}. */
  public static Map<String, String> copyHeaders(Map<String, String> map, String argument) {
    if (map == null) {
      throw new NullPointerException(argument + " must not be null");
    }
    if (map.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new HashMap<>(map.size() * 2);
    for (Map.Entry<String, String> e : map.entrySet()) {
      text(e.getKey(), argument + " key");
      text(e.getValue(), argument + "[" + e.getKey() + "]");
      copy.put(e.getKey(), e.getValue());
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

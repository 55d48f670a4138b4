package dev.pgqueuer.port;

import dev.pgqueuer.internal.Checks;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which entrypoints a clearing call touches: all of them, or a non-empty set. There is no "empty means all" trap:
 * an empty set is rejected.
 *
 * @param entrypoints the entrypoints, or {@code null} for all
 */
public record EntrypointScope(@Nullable Set<String> entrypoints) {

  /** @throws IllegalArgumentException when the set is empty or holds a blank name */
  public EntrypointScope {
    if (entrypoints != null) {
      if (entrypoints.isEmpty()) {
        throw new IllegalArgumentException("entrypoints must not be empty (use EntrypointScope.all() to clear everything)");
      }
      Set<String> copy = new LinkedHashSet<>();
      for (String e : entrypoints) {
        copy.add(Checks.name(e, "entrypoints element"));
      }
      entrypoints = Set.copyOf(copy);
    }
  }

  /** Every entrypoint. */
  public static EntrypointScope all() {
    return new EntrypointScope(null);
  }

  /** Only these entrypoints (at least one). */
  public static EntrypointScope of(String... entrypoints) {
    return new EntrypointScope(new LinkedHashSet<>(Arrays.asList(entrypoints)));
  }

  /** Only these entrypoints (at least one). */
  public static EntrypointScope of(Collection<String> entrypoints) {
    return new EntrypointScope(new LinkedHashSet<>(entrypoints));
  }

  /** Whether this scope is every entrypoint. */
  public boolean isAll() {
    return entrypoints == null;
  }
}

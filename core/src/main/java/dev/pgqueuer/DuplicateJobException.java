package dev.pgqueuer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An enqueue in {@code RAISE} mode (or a requeue) would create a second active (queued or picked) job with the same
 * dedupe key. Nothing of the call took effect. Immutable.
 */
public final class DuplicateJobException extends PgQueuerException {

  private static final int SHOWN = 100;
  private final List<@Nullable String> dedupeKeys;
  private final @Nullable String clashingKey;

  /**
   * @param dedupeKeys every dedupe key of the failed call, in input order (null where a row had none)
   * @param clashingKey the first key of the call, in input order, that an active job holds or an earlier row of the
   *     call repeats; {@code null} when it could not be told (the job holding it finished meanwhile)
   */
  public DuplicateJobException(List<@Nullable String> dedupeKeys, @Nullable String clashingKey) {
    super(message(dedupeKeys.size(), clashingKey));
    this.dedupeKeys = Collections.unmodifiableList(new ArrayList<>(dedupeKeys));
    this.clashingKey = clashingKey;
  }

  private static String message(int jobs, @Nullable String key) {
    String shown = key == null ? "of the call"
        : "\"" + (key.length() > SHOWN ? key.substring(0, SHOWN) + "\u2026" : key) + "\"";
    return "duplicate dedupe key " + shown + ": an active job already holds it, or the call repeats it; nothing of the "
        + "call (" + jobs + (jobs == 1 ? " job" : " jobs") + ") took effect";
  }

  /** Every dedupe key of the failed call, in input order; elements are null where a row had no key. */
  public List<@Nullable String> dedupeKeys() {
    return dedupeKeys;
  }

  /**
   * The first key of the call, in input order, that an active job holds or an earlier row of the call repeats;
   * {@code null} only when that could not be told (the job holding it finished before the backend looked).
   */
  public @Nullable String clashingKey() {
    return clashingKey;
  }
}

package dev.pgqueuer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An enqueue in {@code RAISE} mode (or a requeue) would create a second active (queued or picked) job with the same
 * dedupe key. Nothing of the call took effect.
 */
public final class DuplicateJobException extends PgQueuerException {

  private final List<@Nullable String> dedupeKeys;

  /** @param dedupeKeys every dedupe key of the failed call, in input order (null where a row had none) */
  public DuplicateJobException(List<@Nullable String> dedupeKeys) {
    super("duplicate dedupe key: an active job already holds one of " + dedupeKeys);
    this.dedupeKeys = Collections.unmodifiableList(new ArrayList<>(dedupeKeys));
  }

  /** Every dedupe key of the failed call, in input order; elements are null where a row had no key. */
  public List<@Nullable String> dedupeKeys() {
    return dedupeKeys;
  }
}

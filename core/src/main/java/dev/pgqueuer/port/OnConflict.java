package dev.pgqueuer.port;

/** What enqueue does when a row's dedupe key is held by an active (queued or picked) job. */
public enum OnConflict {
  /** Fail the whole call with {@link dev.pgqueuer.DuplicateJobException}; nothing is inserted. */
  RAISE,
  /** Skip the clashing row (its result position is empty); within a batch the first occurrence wins. */
  SKIP
}

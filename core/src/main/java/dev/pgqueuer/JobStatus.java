package dev.pgqueuer;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The seven statuses of PgQueuer, declared in the order of the PostgreSQL enum type (which is the order
 * {@code ORDER BY status} and every status ordering of this library uses).
 *
 * <p>A queue row is only ever {@link #QUEUED}, {@link #PICKED} or {@link #FAILED}; the other statuses exist only in
 * the log and statistics, because reaching them removes the queue row.
 */
public enum JobStatus {
  /** Waiting to be picked. Entered by enqueue, retry and requeue; left by dequeue, outcomes, cancel and clear. */
  QUEUED,
  /** Claimed by a worker. Entered by dequeue (fresh or stale re-pick); left by outcomes, retry, cancel and clear. */
  PICKED,
  /** Terminal (log only): the handler returned. */
  SUCCESSFUL,
  /** Terminal (log only): the handler raised and the entrypoint deletes failures. */
  EXCEPTION,
  /** Terminal (log only): the job was canceled. */
  CANCELED,
  /** Terminal (log only): the job was removed by an outcome or by clearing its entrypoint. */
  DELETED,
  /** Held: the handler raised and the entrypoint holds failures. Leaves the dedupe rule; back by requeue. */
  FAILED;

  private static final Set<JobStatus> OUTCOMES = EnumSet.of(SUCCESSFUL, EXCEPTION, CANCELED, DELETED, FAILED);

  /** The label used by the PostgreSQL enum type, e.g. {@code "queued"}. */
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a PostgreSQL enum label. @throws IllegalArgumentException for an unknown label */
  public static JobStatus fromDbValue(String label) {
    for (JobStatus s : values()) {
      if (s.dbValue().equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown job status label: " + label);
  }

  /** Whether the status ends a job's life (the queue row is gone): successful, exception, canceled, deleted. */
  public boolean isTerminal() {
    return this == SUCCESSFUL || this == EXCEPTION || this == CANCELED || this == DELETED;
  }

  /** Whether a queue row can be in this status (queued, picked, failed). */
  public boolean isStoredOnQueueRow() {
    return this == QUEUED || this == PICKED || this == FAILED;
  }

  /** Whether the status may be recorded as a job outcome (every terminal status and {@link #FAILED}). */
  public boolean isOutcome() {
    return OUTCOMES.contains(this);
  }

  /**
   * Whether a row in this status may move to {@code next} through a port operation. These are the arrows of the
   * state diagram in {@code docs/semantics.md}: queued → picked | canceled | deleted (and the outcomes, which the
   * port accepts from any stored status); picked → picked (stale re-pick) | queued (retry) | outcomes; failed →
   * queued (requeue, retry) | outcomes. Terminal statuses have no successors.
   */
  public boolean canTransitionTo(JobStatus next) {
    if (isTerminal()) {
      return false;
    }
    switch (this) {
      case QUEUED:
        return next == PICKED || next == QUEUED || next.isOutcome();
      case PICKED:
        return next == PICKED || next == QUEUED || next.isOutcome();
      case FAILED:
        return next == QUEUED || next.isOutcome();
      default:
        throw new IllegalStateException("cannot happen: unhandled stored status " + this);
    }
  }
}

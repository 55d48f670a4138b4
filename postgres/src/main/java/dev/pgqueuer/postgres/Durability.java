package dev.pgqueuer.postgres;

/**
 * How much of a queue survives a PostgreSQL crash, chosen per table at {@code install} time (PgQueuer's three
 * modes). Behaviour is identical in every mode; only crash safety and write cost differ. Unlogged tables skip the
 * write-ahead log and are emptied after a crash.
 */
public enum Durability {
  /** Every table logged (the default): nothing committed is lost. */
  DURABLE(false, false),
  /** Queue and schedules logged; log and statistics unlogged (about twice the write throughput). */
  BALANCED(false, true),
  /** Every table unlogged: fastest, a crash empties the queue. */
  VOLATILE(true, true);

  private final boolean unloggedQueue;
  private final boolean unloggedLog;

  Durability(boolean unloggedQueue, boolean unloggedLog) {
    this.unloggedQueue = unloggedQueue;
    this.unloggedLog = unloggedLog;
  }

  /** Whether the queue and schedules tables are created {@code UNLOGGED}. */
  public boolean unloggedQueue() {
    return unloggedQueue;
  }

  /** Whether the log and statistics tables are created {@code UNLOGGED}. */
  public boolean unloggedLog() {
    return unloggedLog;
  }
}

package dev.pgqueuer.port;

import java.time.InstantSource;
import java.util.Set;

/**
 * The whole port: one queue's jobs, log, schedules, events and schema. This is what workers, the JUnit extension
 * and the conformance suite take. Both {@code InMemoryRepository} and {@code PostgresRepository} implement it with
 * identical observable behaviour. Thread-safe.
 */
public interface Repository
    extends QueuePort, UnitOfWorkPort, LogPort, SchedulePort, NotificationPort, SchemaPort, AutoCloseable {

  /** The backend's optional capabilities. */
  Set<Capability> capabilities();

  /** The time source every timestamp comes from (the system clock when the database clock is used). */
  InstantSource timeSource();

  /** Releases subscriptions, threads and connections the repository owns; idempotent. */
  @Override
  void close();
}

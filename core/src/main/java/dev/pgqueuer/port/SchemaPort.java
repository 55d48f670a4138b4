package dev.pgqueuer.port;

/**
 * The queue's schema lifecycle, identical on both backends: {@link #install} on an installed queue fails;
 * {@link #upgrade} is idempotent on an installed queue and fails on one that is not installed; {@link #uninstall}
 * removes everything (a later install restarts ids at 1) and is a no-op when nothing is installed; every queue,
 * log and schedule operation on an uninstalled queue fails with {@link dev.pgqueuer.SchemaStateException}.
 * Catalog-level checks (tables, columns, indexes, trigger) are a PostgreSQL matter: see
 * {@code dev.pgqueuer.postgres.PostgresSchema#verify()}; the in-memory backend has no catalog.
 */
public interface SchemaPort {

  /** The object names. */
  SchemaNames names();

  /** Creates every object. @throws dev.pgqueuer.SchemaStateException when already installed */
  void install();

  /** Brings an older installation up to date; idempotent. @throws dev.pgqueuer.SchemaStateException when not installed */
  void upgrade();

  /** Drops every object and all data; a no-op when not installed. */
  void uninstall();

  /** Whether the queue table exists. */
  boolean isInstalled();
}

/**
 * Units of work: caller-owned transactions that queue writes join, so that a job exists if and only if the
 * business change around it commits.
 *
 * <p>A {@link dev.pgqueuer.tx.UnitOfWork} is either a {@link dev.pgqueuer.tx.ConnectionUnitOfWork} (the caller's
 * JDBC connection and its transaction; PostgreSQL only) or a {@link dev.pgqueuer.tx.ManagedUnitOfWork} opened by
 * {@link dev.pgqueuer.port.UnitOfWorkPort#begin()} (both backends). Framework modules bind units of work to their
 * own transactions by implementing {@link dev.pgqueuer.tx.UnitOfWorkProvider}; the core depends on no framework.
 * The rules (visibility, atomicity, events, ids, dedupe, time, failures) are in {@code docs/semantics.md}.
 */
@NullMarked
package dev.pgqueuer.tx;

import org.jspecify.annotations.NullMarked;

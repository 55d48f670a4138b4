/**
 * PostgreSQL scenarios ({@code postgres-*}): the server comes from {@code dev.pgqueuer.testdatabase.TestPostgres}
 * (a {@code -Dpgqueuer.test.jdbc-url}, else the embedded server), each run on a fresh queue schema.
 */
@NullMarked
package dev.pgqueuer.benchmarks.postgres;

import org.jspecify.annotations.NullMarked;

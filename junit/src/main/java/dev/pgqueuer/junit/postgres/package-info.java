/**
 * Fresh PostgreSQL queues for tests: {@link dev.pgqueuer.junit.postgres.FreshQueue}, a PostgreSQL repository on its
 * own schema of the test server ({@code dev.pgqueuer.testdatabase.TestPostgres}).
 */
@NullMarked
package dev.pgqueuer.junit.postgres;

import org.jspecify.annotations.NullMarked;

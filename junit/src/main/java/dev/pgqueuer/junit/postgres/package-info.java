/**
 * PostgreSQL for tests: {@link dev.pgqueuer.junit.postgres.TestPostgres} finds one server per JVM (an explicit JDBC
 * URL, else an embedded server from Maven Central binaries, else Testcontainers) and hands out
 * {@link dev.pgqueuer.junit.postgres.FreshQueue}s, isolated queues in their own schemas.
 */
@NullMarked
package dev.pgqueuer.junit.postgres;

import org.jspecify.annotations.NullMarked;

/**
 * PostgreSQL for tests: {@link dev.pgqueuer.testdatabase.TestPostgres} finds one server per JVM (an explicit JDBC
 * URL, else an embedded server from Maven Central binaries, else Testcontainers) and hands out
 * {@link dev.pgqueuer.testdatabase.TestSchema}s, fresh installed schemas, one per test.
 */
@NullMarked
package dev.pgqueuer.testdatabase;

import org.jspecify.annotations.NullMarked;

/**
 * The PostgreSQL repository: {@link dev.pgqueuer.postgres.PostgresRepository} implements the repository port over a
 * {@link javax.sql.DataSource} with PgJDBC, {@link dev.pgqueuer.postgres.PostgresSchema} manages the PgQueuer-compatible
 * schema, and notifications travel over one dedicated {@code LISTEN} connection per repository.
 */
@NullMarked
package dev.pgqueuer.postgres;

import org.jspecify.annotations.NullMarked;

package dev.pgqueuer.testdatabase;

/**
 * No PostgreSQL server could be provisioned for tests. The message says what was tried and how to provide one: set
 * the system property {@value TestPostgres#JDBC_URL_PROPERTY} (or the environment variable
 * {@value TestPostgres#JDBC_URL_ENV}) to a JDBC URL, or put zonky's embedded binaries on the test class path, or
 * make a Docker engine reachable for Testcontainers.
 */
public final class PostgresUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** @param message what was tried and how to provide a server */
  public PostgresUnavailableException(String message) {
    super(message);
  }
}

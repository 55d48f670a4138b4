package dev.pgqueuer.junit;

/**
 * What a test on the {@link Backend#POSTGRES} backend does when no PostgreSQL can be provisioned (no JDBC URL
 * configured, no embedded binaries, no Docker). Failing is the default, so a CI job that is meant to exercise
 * PostgreSQL cannot turn green without doing so.
 */
public enum WithoutDatabase {
  /** Fail the test with a message that says how to provide a database. */
  FAIL,
  /** Report the test (or the PostgreSQL leg of a {@link ParityTest}) as skipped, with the reason. */
  SKIP
}

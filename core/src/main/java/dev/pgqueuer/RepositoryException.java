package dev.pgqueuer;

import org.jspecify.annotations.Nullable;

/** A database failure that is not a domain outcome; carries the SQLState when there is one. */
public final class RepositoryException extends PgQueuerException {

  private final @Nullable String sqlState;

  /**
   * @param operation the port operation that failed
   * @param sqlState the SQLState, {@code null} when the failure had none
   * @param cause the driver exception
   */
  public RepositoryException(String operation, @Nullable String sqlState, Throwable cause) {
    super(operation + " failed" + (sqlState == null ? "" : " (SQLState " + sqlState + ")") + ": " + cause.getMessage(), cause);
    this.sqlState = sqlState;
  }

  /** The SQLState of the failure, {@code null} when none. */
  public @Nullable String sqlState() {
    return sqlState;
  }
}

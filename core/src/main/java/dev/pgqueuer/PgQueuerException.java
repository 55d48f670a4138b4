package dev.pgqueuer;

/** The root of this library's unchecked exceptions. Bad arguments are reported with {@link IllegalArgumentException}
 * or {@link NullPointerException} instead, before any effect. */
public abstract class PgQueuerException extends RuntimeException {

  /** @param message what went wrong, with context */
  protected PgQueuerException(String message) {
    super(message);
  }

  /** @param message what went wrong, with context @param cause the underlying failure */
  protected PgQueuerException(String message, Throwable cause) {
    super(message, cause);
  }
}

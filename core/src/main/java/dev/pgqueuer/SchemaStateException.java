package dev.pgqueuer;

/**
 * The queue's schema is not in the state an operation needs: {@code install} on an installed queue, or any queue
 * operation (and {@code upgrade}) on a queue that is not installed. Raised identically by both backends.
 */
public final class SchemaStateException extends PgQueuerException {

  /** @param message what was expected and found */
  public SchemaStateException(String message) {
    super(message);
  }
}

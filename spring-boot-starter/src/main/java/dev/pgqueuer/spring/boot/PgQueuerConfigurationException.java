package dev.pgqueuer.spring.boot;

/**
 * The application's pgqueuer configuration cannot work: the message says what is wrong, {@link #action()} what to
 * set. Thrown while the context starts, so the startup fails (Spring Boot prints both through its failure analysis).
 */
public class PgQueuerConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String action;

  /**
   * @param message what is wrong
   * @param action what to set or change
   */
  public PgQueuerConfigurationException(String message, String action) {
    super(message + " " + action);
    this.action = action;
  }

  /** What to set or change. */
  public String action() {
    return action;
  }
}

package dev.pgqueuer.examples.signup;

/** Where the application's mails go (an SMTP client in real life). Implementations must be thread-safe. */
@FunctionalInterface
public interface Outbox {

  /**
   * Sends {@code mail}.
   *
   * @throws RuntimeException when the mail could not be sent; the job is retried per its retry policy
   */
  void send(Mail mail);
}

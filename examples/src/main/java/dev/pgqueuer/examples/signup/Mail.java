package dev.pgqueuer.examples.signup;

import java.util.Objects;

/**
 * A mail to send.
 *
 * @param to the recipient address
 * @param subject the subject line
 * @param body the text
 */
public record Mail(String to, String subject, String body) {

  /** @throws NullPointerException for a null component */
  public Mail {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
  }
}

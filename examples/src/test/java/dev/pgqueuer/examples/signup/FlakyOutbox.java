package dev.pgqueuer.examples.signup;

import java.util.concurrent.atomic.AtomicInteger;

/** An outbox whose first {@code failures} sends fail (an SMTP server that is down for a while). Thread-safe. */
final class FlakyOutbox implements Outbox {

  private final InMemoryOutbox delivered = new InMemoryOutbox();
  private final AtomicInteger failuresLeft;
  private final AtomicInteger attempts = new AtomicInteger();

  FlakyOutbox(int failures) {
    this.failuresLeft = new AtomicInteger(failures);
  }

  @Override
  public void send(Mail mail) {
    attempts.incrementAndGet();
    if (failuresLeft.getAndDecrement() > 0) {
      throw new IllegalStateException("SMTP server unavailable");
    }
    delivered.send(mail);
  }

  InMemoryOutbox delivered() {
    return delivered;
  }

  int attempts() {
    return attempts.get();
  }
}

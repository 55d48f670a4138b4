package dev.pgqueuer.examples.signup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An {@link Outbox} that keeps the mails in memory, in send order. Thread-safe. */
public final class InMemoryOutbox implements Outbox {

  private final List<Mail> sent = new ArrayList<>();

  @Override
  public synchronized void send(Mail mail) {
    sent.add(mail);
    notifyAll();
  }

  /** The mails sent so far, oldest first. */
  public synchronized List<Mail> sent() {
    return List.copyOf(sent);
  }

  /**
   * Waits (real time) until at least {@code count} mails were sent.
   *
   * @return whether they were, within {@code timeout}
   * @throws InterruptedException when interrupted while waiting
   */
  public synchronized boolean awaitSent(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (sent.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}

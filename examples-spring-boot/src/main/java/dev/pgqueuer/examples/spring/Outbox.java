package dev.pgqueuer.examples.spring;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Where the application's mails go (a stand-in for an SMTP client). Thread-safe. */
@Component
public class Outbox {

  private final List<String> sent = new CopyOnWriteArrayList<>();

  /** Sends a mail. */
  public void send(String to, String subject) {
    synchronized (sent) {
      sent.add(to + ": " + subject);
      sent.notifyAll();
    }
  }

  /**
   * Waits until at least {@code count} mails were sent, at most {@code timeout}.
   *
   * @return whether they were
   */
  public boolean awaitSent(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (sent) {
      while (sent.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(sent, left);
      }
      return true;
    }
  }

  /** The mails sent so far, in order. */
  public List<String> sent() {
    return List.copyOf(sent);
  }

  /** Forgets the mails sent so far. */
  public void clear() {
    sent.clear();
  }
}

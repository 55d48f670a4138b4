package dev.pgqueuer.examples.spring;

import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.QueueWrites;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders. The order and its two jobs are written in the caller's transaction: on PostgreSQL the jobs commit
 * or roll back with the order (the injected {@link QueueWrites} join it); an order that fails leaves no job behind.
 */
@Service
public class Orders {

  /** How long after an order its follow-up mail is sent. */
  public static final Duration FOLLOW_UP = Duration.ofDays(2);

  private final QueueWrites queue;
  private final List<String> placed = new CopyOnWriteArrayList<>();

  Orders(QueueWrites queue) {
    this.queue = queue;
  }

  /**
   * Places an order of {@code item} for {@code email}.
   *
   * @throws IllegalArgumentException for an empty item, after the jobs were enqueued: the transaction rolls them back
   */
  @Transactional
  public void place(String email, String item) {
    queue.enqueue(EnqueueRequest.of(NewJob.of("send-receipt").withPayload(email + "|" + item)));
    queue.enqueue(EnqueueRequest.of(NewJob.of("follow-up").withPayload(email).withDelay(FOLLOW_UP)));
    if (item.isBlank()) {
      throw new IllegalArgumentException("an order needs an item");
    }
    placed.add(email + "|" + item);
  }

  /** The orders placed, in order. */
  public List<String> placed() {
    return List.copyOf(placed);
  }
}

package dev.pgqueuer.worker;

import dev.pgqueuer.JobId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most recently canceled job ids, so that a cancellation heard between a dequeue returning and the job being
 * registered still stops the job. Bounded; thread-safe.
 */
final class RecentCancellations {

  private final int capacity;
  private final Set<JobId> ids = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<JobId> order = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  RecentCancellations(int capacity) {
    this.capacity = capacity;
  }

  void add(JobId id) {
    if (ids.add(id)) {
      order.add(id);
      if (size.incrementAndGet() > capacity) {
        JobId oldest = order.poll();
        if (oldest != null) {
          ids.remove(oldest);
          size.decrementAndGet();
        }
      }
    }
  }

  boolean contains(JobId id) {
    return !ids.isEmpty() && ids.contains(id);
  }
}

package dev.pgqueuer.junit.assertj;

import static dev.pgqueuer.junit.assertj.QueueDescription.contents;
import static dev.pgqueuer.junit.assertj.QueueDescription.plural;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.junit.JobHistory;
import dev.pgqueuer.junit.JobMatcher;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.Repository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on the contents of a queue: what is enqueued, queue sizes per status, and (through {@link #job}) one
 * job's history. "Enqueued" means a queue row with status {@link JobStatus#QUEUED}, due now or deferred; jobs that
 * were picked, finished or held do not count (use {@link #hasJob} or {@link JobMatcher#status} for those).
 *
 * <p>Every assertion judges a read of the queue. On a bare {@link Repository} each assertion reads it when it runs.
 * On a {@link TestQueue}, the assertions of one object share a read while no change is made through the test
 * queue's repository (a chain such as {@code assertThat(queue).hasEnqueued(a).hasEnqueued(b)} reads the queue
 * once), and an assertion that fails on a shared read reads again before it fails; a change made elsewhere (another
 * repository instance, another process) is seen by the next read. After
 * {@link #within(Duration)} the following assertions wait until they hold, re-checking whenever the queue may have
 * changed (see {@link #within}). Failure messages list what the queue holds, one job per line, and say which
 * criteria each job misses.
 *
 * <p>Create with {@link PgQueuerAssertions#assertThat(TestQueue)} or {@link PgQueuerAssertions#assertThat(Repository)}.
 * Not thread-safe (one assertion object per thread); the queue itself may change concurrently.
 */
public class QueueAssert extends AbstractAssert<QueueAssert, Repository> {

  private final @Nullable TestQueue queue;
  private @Nullable Duration timeout;
  // The shared read (TestQueue only): valid while `changes` is still the count it was taken at. The change listener
  // counts and unsubscribes itself at the first change, so an assertion object left behind holds no listener.
  private final AtomicLong changes = new AtomicLong();
  private @Nullable Snapshot shared;
  private long sharedAt;
  private volatile @Nullable Subscription watch;

  /** Assertions on {@code repository}; a waiting assertion wakes on its events. */
  public QueueAssert(Repository repository) {
    super(repository, QueueAssert.class);
    this.queue = null;
  }

  /** Assertions on the test queue's repository; a waiting assertion also wakes on changes made through it. */
  public QueueAssert(TestQueue queue) {
    super(Objects.requireNonNull(queue, "queue").repository(), QueueAssert.class);
    this.queue = queue;
  }

  /**
   * Makes the following assertions of this object wait up to {@code timeout} (real time) for their condition,
   * instead of failing at once. The condition is re-checked whenever the repository sends a queue event (enqueue,
   * job finished, cancel, clear) and, for a {@link TestQueue}, after every change made through its repository;
   * nothing sleeps or polls. A condition that only becomes true through a change made elsewhere without an event
   * (a dequeue or retry on another repository instance) is seen at the next event or at the deadline.
   *
   * @param timeout the longest wait, positive
   * @return this assertion object
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  public QueueAssert within(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    this.timeout = timeout;
    return myself;
  }

  /** Verifies that at least one queued job matches {@code matcher}. */
  public QueueAssert hasEnqueued(JobMatcher matcher) {
    Objects.requireNonNull(matcher, "matcher");
    return check(s -> s.queued(matcher).isEmpty()
        ? "Expecting the queue to have enqueued a job matching\n  " + matcher + "\nbut none of its queued jobs does; "
            + contents(s.rows, s.now, matcher)
        : null);
  }

  /** Verifies that exactly {@code count} queued jobs match {@code matcher}. */
  public QueueAssert hasEnqueued(int count, JobMatcher matcher) {
    Objects.requireNonNull(matcher, "matcher");
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    return check(s -> s.queued(matcher).size() == count
        ? null
        : "Expecting the queue to have enqueued exactly " + plural(count, "job") + " matching\n  " + matcher
            + "\nbut found " + s.queued(matcher).size() + "; " + contents(s.rows, s.now, matcher));
  }

  /**
   * Verifies that the queued jobs, in id (enqueue) order, are exactly one per matcher, in the same order: no other
   * job is queued.
   */
  public QueueAssert hasEnqueuedExactly(JobMatcher... matchers) {
    List<JobMatcher> expected = List.of(matchers);
    return check(s -> {
      List<Job> queued = s.queued(JobMatcher.any());
      boolean ok = queued.size() == expected.size();
      for (int i = 0; ok && i < queued.size(); i++) {
        ok = expected.get(i).test(queued.get(i));
      }
      return ok ? null : "Expecting the queued jobs, in enqueue order, to match exactly\n"
          + expected.stream().map(m -> "  " + m).collect(Collectors.joining("\n")) + "\nbut "
          + contents(s.rows, s.now, null);
    });
  }

  /** Verifies that no queued job matches {@code matcher} (the refutation of {@link #hasEnqueued(JobMatcher)}). */
  public QueueAssert hasNotEnqueued(JobMatcher matcher) {
    Objects.requireNonNull(matcher, "matcher");
    return check(s -> s.queued(matcher).isEmpty()
        ? null
        : "Expecting the queue not to have enqueued a job matching\n  " + matcher + "\nbut found:\n"
            + QueueDescription.lines(s.rows, s.now, j -> j.status() == JobStatus.QUEUED && matcher.test(j)));
  }

  /** Verifies that some queue row in any status (queued, picked or held) matches {@code matcher}. */
  public QueueAssert hasJob(JobMatcher matcher) {
    Objects.requireNonNull(matcher, "matcher");
    return check(s -> s.rows.stream().anyMatch(matcher)
        ? null
        : "Expecting the queue to hold a job matching\n  " + matcher + "\nbut " + contents(s.rows, s.now, matcher));
  }

  /** Verifies that the queue has no rows at all (nothing queued, picked or held). */
  public QueueAssert isEmpty() {
    return check(s -> s.rows.isEmpty() ? null : "Expecting the queue to be empty but " + contents(s.rows, s.now, null));
  }

  /** Verifies the number of queue rows in {@code status} (queued, picked or failed), over every entrypoint. */
  public QueueAssert hasSize(JobStatus status, long count) {
    Objects.requireNonNull(status, "status");
    return check(s -> {
      long n = s.rows.stream().filter(j -> j.status() == status).count();
      return n == count ? null : "Expecting " + plural(count, status.dbValue() + " job") + " but found " + n + "; "
          + contents(s.rows, s.now, null);
    });
  }

  /** Verifies the number of queue rows of {@code entrypoint} in {@code status}. */
  public QueueAssert hasSize(String entrypoint, JobStatus status, long count) {
    Objects.requireNonNull(entrypoint, "entrypoint");
    Objects.requireNonNull(status, "status");
    return check(s -> {
      long n = s.rows.stream().filter(j -> j.status() == status && j.entrypoint().equals(entrypoint)).count();
      return n == count ? null : "Expecting " + plural(count, status.dbValue() + " job") + " of entrypoint \""
          + entrypoint + "\" but found " + n + "; " + contents(s.rows, s.now, null);
    });
  }

  /**
   * Assertions on one job's history (row and log), read now; a pending {@link #within} wait applies only to this
   * object, not to the returned one.
   */
  public JobHistoryAssert job(JobId id) {
    isNotNull();
    return new JobHistoryAssert(JobHistory.of(actual, id));
  }

  /** Assertions on the queued jobs (in enqueue order), read now, as an AssertJ list. */
  public ListAssert<Job> enqueuedJobs() {
    isNotNull();
    return Assertions.assertThat(new Snapshot(actual).queued(JobMatcher.any()));
  }

  private QueueAssert check(Function<Snapshot, @Nullable String> failure) {
    isNotNull();
    String message;
    if (timeout == null) {
      Snapshot reused = shared != null && changes.get() == sharedAt ? shared : null;
      message = reused == null ? null : failure.apply(reused);
      if (reused == null || message != null) {
        message = failure.apply(read());
      }
    } else {
      message = QueueWaiter.await(actual, queue, timeout, () -> failure.apply(new Snapshot(actual)));
      if (message != null) {
        message = "[waited " + timeout + "] " + message;
      }
    }
    if (message != null) {
      failWithMessage("%s", RawText.of(message));
    }
    return myself;
  }

  /** Reads the queue, keeping the read for the next assertions when this object asserts on a {@link TestQueue}. */
  private Snapshot read() {
    if (queue == null) {
      return new Snapshot(actual);
    }
    if (watch == null) {
      watch = queue.onChange(this::changed);
    }
    long at = changes.get();
    Snapshot s = new Snapshot(actual);
    shared = s;
    sharedAt = at;
    return s;
  }

  /** Called on the changing thread: invalidates the shared read and stops listening until the next read. */
  private void changed() {
    changes.incrementAndGet();
    Subscription w = watch;
    if (w != null) {
      watch = null;
      w.close();
    }
  }

  /** Every queue row, read once, with the clock's instant for relative times. */
  private static final class Snapshot {
    final List<Job> rows;
    final Instant now;

    Snapshot(Repository repository) {
      this.now = repository.timeSource().instant();
      this.rows = repository.browseQueue(BrowseQuery.all());
    }

    List<Job> queued(JobMatcher matcher) {
      List<Job> out = new ArrayList<>();
      for (Job j : rows) {
        if (j.status() == JobStatus.QUEUED && matcher.test(j)) {
          out.add(j);
        }
      }
      out.sort(Comparator.comparing(Job::id));
      return out;
    }
  }
}

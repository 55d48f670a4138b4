package dev.pgqueuer.junit.assertj;

import dev.pgqueuer.Job;
import dev.pgqueuer.junit.JobHistory;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.Repository;

/**
 * The entry point of every pgqueuer assertion. Import statically, next to (or instead of) AssertJ's own
 * {@code Assertions.assertThat}; the overloads here only take pgqueuer types.
 *
 * <pre>{@code
 * import static dev.pgqueuer.junit.assertj.PgQueuerAssertions.assertThat;
 *
 * assertThat(queue).hasEnqueued(JobMatcher.entrypoint("welcome-mail").payload("ada@example.com"));
 * assertThat(queue).hasNotEnqueued(JobMatcher.entrypoint("reminder"));
 * assertThat(queue).within(Duration.ofSeconds(5)).hasSize(JobStatus.QUEUED, 0);
 * assertThat(queue).job(id).hasStatus(JobStatus.SUCCESSFUL).hasLog(QUEUED, PICKED, SUCCESSFUL);
 * }</pre>
 *
 * <p>Soft assertions: {@link PgQueuerSoftAssertions}. Stateless and thread-safe.
 */
public final class PgQueuerAssertions {

  private PgQueuerAssertions() {}

  /** Assertions on the test's queue; waiting assertions wake on its events and on changes made through it. */
  public static QueueAssert assertThat(TestQueue actual) {
    return new QueueAssert(actual);
  }

  /** Assertions on any repository's queue; waiting assertions wake on its events. */
  public static QueueAssert assertThat(Repository actual) {
    return new QueueAssert(actual);
  }

  /** Assertions on one job's history (row and log). */
  public static JobHistoryAssert assertThat(JobHistory actual) {
    return new JobHistoryAssert(actual);
  }

  /** Assertions on one job row. */
  public static JobAssert assertThat(Job actual) {
    return new JobAssert(actual);
  }
}

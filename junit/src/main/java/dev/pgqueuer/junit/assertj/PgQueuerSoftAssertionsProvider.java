package dev.pgqueuer.junit.assertj;

import dev.pgqueuer.Job;
import dev.pgqueuer.junit.JobHistory;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.Repository;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Mixes the pgqueuer assertions into any AssertJ soft-assertions class: failures are collected instead of thrown,
 * and reported together. Implemented by {@link PgQueuerSoftAssertions}; implement it in your own aggregate to combine
 * it with other providers.
 */
public interface PgQueuerSoftAssertionsProvider extends SoftAssertionsProvider {

  /** Soft assertions on the test's queue; waiting assertions also wake on changes made through it. */
  @SuppressWarnings("unchecked") // QueueAssert's actual is the repository; its TestQueue constructor is the target
  default QueueAssert assertThat(TestQueue actual) {
    Class<Object> type = (Class<Object>) (Class<?>) TestQueue.class;
    return proxy(QueueAssert.class, type, actual);
  }

  /** Soft assertions on a repository's queue. */
  default QueueAssert assertThat(Repository actual) {
    return proxy(QueueAssert.class, Repository.class, actual);
  }

  /** Soft assertions on one job's history. */
  default JobHistoryAssert assertThat(JobHistory actual) {
    return proxy(JobHistoryAssert.class, JobHistory.class, actual);
  }

  /** Soft assertions on one job row. */
  default JobAssert assertThat(Job actual) {
    return proxy(JobAssert.class, Job.class, actual);
  }
}

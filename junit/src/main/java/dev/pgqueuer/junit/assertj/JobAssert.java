package dev.pgqueuer.junit.assertj;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.junit.JobMatcher;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one {@link Job} row as read (for instance from {@code dequeue} or {@code findJob}). For a job that
 * may have finished, assert on its history instead ({@link QueueAssert#job}).
 *
 * <p>Create with {@link PgQueuerAssertions#assertThat(Job)}. Not thread-safe.
 */
public class JobAssert extends AbstractAssert<JobAssert, Job> {

  /** Assertions on {@code job}. */
  public JobAssert(Job job) {
    super(job, JobAssert.class);
  }

  /** Verifies that the job meets every criterion of {@code matcher}. */
  public JobAssert matches(JobMatcher matcher) {
    Objects.requireNonNull(matcher, "matcher");
    isNotNull();
    List<String> misses = matcher.mismatches(actual);
    if (!misses.isEmpty()) {
      throw failure("%s", RawText.of("Expecting job\n  " + QueueDescription.line(actual, null) + "\nto match "
          + matcher + " but it is not " + String.join(", not ", misses)));
    }
    return myself;
  }

  /** Verifies the row's status (queued, picked or failed). */
  public JobAssert hasStatus(JobStatus status) {
    return matches(JobMatcher.any().status(status));
  }

  /** Verifies the number of retries so far. */
  public JobAssert hasAttempts(int attempts) {
    return matches(JobMatcher.any().attempts(attempts));
  }

  /** Verifies the UTF-8 payload. */
  public JobAssert hasPayload(String utf8) {
    return matches(JobMatcher.any().payload(utf8));
  }

  /** Verifies the entrypoint. */
  public JobAssert hasEntrypoint(String entrypoint) {
    return matches(JobMatcher.entrypoint(entrypoint));
  }
}

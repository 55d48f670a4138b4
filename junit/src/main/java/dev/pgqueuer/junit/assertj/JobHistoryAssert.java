package dev.pgqueuer.junit.assertj;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.TracebackRecord;
import dev.pgqueuer.junit.JobHistory;
import dev.pgqueuer.junit.JobMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on one job's {@link JobHistory}: its latest status (also after it finished), its attempts, its log
 * (every status it went through) and the failures recorded in it. Failure messages show the job's row and log.
 *
 * <p>Create with {@link PgQueuerAssertions#assertThat(JobHistory)} or {@link QueueAssert#job}. Not thread-safe.
 */
public class JobHistoryAssert extends AbstractAssert<JobHistoryAssert, JobHistory> {

  /** Assertions on {@code history}. */
  public JobHistoryAssert(JobHistory history) {
    super(history, JobHistoryAssert.class);
  }

  /** Verifies that the job was ever enqueued (it has log rows). */
  public JobHistoryAssert exists() {
    isNotNull();
    if (!actual.exists()) {
      throw fail("Expecting job " + actual.id() + " to exist but it was never enqueued (it has no log rows)");
    }
    return myself;
  }

  /** Verifies the latest logged status, e.g. {@code SUCCESSFUL} for a finished job or {@code QUEUED} after a retry. */
  public JobHistoryAssert hasStatus(JobStatus status) {
    Objects.requireNonNull(status, "status");
    exists();
    JobStatus latest = actual.status().orElseThrow();
    if (latest != status) {
      throw fail("Expecting job " + actual.id() + " to have status " + status.dbValue() + " but it has status "
          + latest.dbValue() + "; " + describe());
    }
    return myself;
  }

  /** Verifies that the job finished (its row is gone and its latest status is terminal). */
  public JobHistoryAssert isFinished() {
    exists();
    if (!actual.isFinished()) {
      throw fail("Expecting job " + actual.id() + " to have finished but it has not; " + describe());
    }
    return myself;
  }

  /** Verifies the number of retries so far; the job must still have its queue row (attempts live there). */
  public JobHistoryAssert hasAttempts(int attempts) {
    Job row = requireRow("its attempts");
    if (row.attempts() != attempts) {
      throw fail("Expecting job " + actual.id() + " to have " + attempts + " attempts but it has " + row.attempts()
          + "; " + describe());
    }
    return myself;
  }

  /** Verifies that the job's queue row matches {@code matcher}. */
  public JobHistoryAssert matches(JobMatcher matcher) {
    Objects.requireNonNull(matcher, "matcher");
    Job row = requireRow("its fields");
    List<String> misses = matcher.mismatches(row);
    if (!misses.isEmpty()) {
      throw fail("Expecting job " + actual.id() + " to match " + matcher + " but it is not "
          + String.join(", not ", misses) + "; " + describe());
    }
    return myself;
  }

  /** Verifies the job's logged statuses, oldest first, e.g. {@code QUEUED, PICKED, QUEUED, PICKED, SUCCESSFUL}. */
  public JobHistoryAssert hasLog(JobStatus... statuses) {
    isNotNull();
    List<JobStatus> expected = Arrays.asList(statuses);
    if (!actual.statuses().equals(expected)) {
      throw fail("Expecting the log of job " + actual.id() + " to be "
          + expected.stream().map(JobStatus::dbValue).collect(Collectors.joining(", ", "[", "]")) + " but it is "
          + QueueDescription.log(actual.log()) + "; " + describe());
    }
    return myself;
  }

  /**
   * Verifies that the latest failure recorded in the job's log (the last log row with a traceback) was thrown as
   * {@code type} (compared by simple name, as the traceback stores it).
   */
  public JobHistoryAssert hasLastErrorOfType(Class<? extends Throwable> type) {
    Objects.requireNonNull(type, "type");
    TracebackRecord last = requireTraceback();
    if (!last.exceptionType().equals(type.getSimpleName())) {
      throw fail("Expecting the last error of job " + actual.id() + " to be a " + type.getSimpleName()
          + " but it was a " + last.exceptionType() + ": " + last.exceptionMessage());
    }
    return myself;
  }

  /** Verifies that the message of the latest failure recorded in the job's log contains {@code fragment}. */
  public JobHistoryAssert hasLastErrorMessageContaining(String fragment) {
    Objects.requireNonNull(fragment, "fragment");
    TracebackRecord last = requireTraceback();
    if (!last.exceptionMessage().contains(fragment)) {
      throw fail("Expecting the last error message of job " + actual.id() + " to contain \"" + fragment
          + "\" but it was \"" + last.exceptionMessage() + "\" (" + last.exceptionType() + ")");
    }
    return myself;
  }

  private Job requireRow(String what) {
    exists();
    Job row = actual.row();
    if (row == null) {
      throw fail("Expecting job " + actual.id() + " to still be in the queue to check " + what
          + ", but it finished as " + actual.status().orElseThrow().dbValue() + "; assert on its log instead (hasLog)");
    }
    return row;
  }

  private TracebackRecord requireTraceback() {
    exists();
    TracebackRecord last = null;
    for (LogEntry e : actual.log()) {
      if (e.traceback() != null) {
        last = e.traceback();
      }
    }
    if (last == null) {
      throw fail("Expecting job " + actual.id() + " to have a recorded error but its log has none; " + describe());
    }
    return last;
  }

  private AssertionError fail(String message) {
    return failure("%s", RawText.of(message));
  }

  private String describe() {
    @Nullable Job row = actual.row();
    String log = "log " + QueueDescription.log(actual.log());
    return row == null ? "it has no queue row, " + log : "row: " + QueueDescription.line(row, null) + ", " + log;
  }
}

package dev.pgqueuer.junit.assertj;

import static dev.pgqueuer.JobStatus.EXCEPTION;
import static dev.pgqueuer.JobStatus.PICKED;
import static dev.pgqueuer.JobStatus.QUEUED;
import static dev.pgqueuer.JobStatus.SUCCESSFUL;
import static dev.pgqueuer.junit.assertj.PgQueuerAssertions.assertThat;
import static dev.pgqueuer.junit.assertj.QueueAssertTest.expectFailure;
import static org.assertj.core.api.BDDAssertions.then;

import dev.pgqueuer.JobId;
import dev.pgqueuer.junit.JobMatcher;
import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.worker.RetryRequested;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link JobHistoryAssert} and {@link JobAssert}: one job's status, attempts, log and errors. */
@PgQueuerTest
class JobHistoryAssertTest {

  @Test
  void should_pass_on_the_history_of_a_retried_then_failed_job(TestQueue queue) {
    // GIVEN
    queue.handle("flaky", ctx -> {
      if (ctx.attempts() == 0) {
        throw new RetryRequested(Duration.ofSeconds(5), "busy");
      }
      throw new IllegalStateException("gave up after " + ctx.attempts());
    });
    JobId id = queue.enqueue("flaky");
    // WHEN
    queue.drain();
    // THEN (retried, still queued)
    assertThat(queue).job(id).hasStatus(QUEUED).hasAttempts(1).hasLog(QUEUED, PICKED, QUEUED)
        .hasLastErrorOfType(RetryRequested.class).hasLastErrorMessageContaining("busy")
        .matches(JobMatcher.entrypoint("flaky").attempts(1));
    // WHEN
    queue.allowFailures().drain(dev.pgqueuer.junit.DrainOptions.defaults().upTo(queue.now().plusSeconds(5)));
    // THEN
    assertThat(queue.history(id)).isFinished().hasStatus(EXCEPTION).hasLog(QUEUED, PICKED, QUEUED, PICKED, EXCEPTION)
        .hasLastErrorOfType(IllegalStateException.class).hasLastErrorMessageContaining("gave up after 1");
  }

  @Test
  void should_fail_if_the_status_differs(TestQueue queue) {
    JobId id = queue.enqueue("mail", "ada");
    then(expectFailure(() -> assertThat(queue).job(id).hasStatus(SUCCESSFUL))).hasMessage(
        "Expecting job 1 to have status successful but it has status queued; "
            + "row: #1 mail queued priority=0 attempts=0 executeAfter=2026-01-01T00:00:00Z payload=\"ada\", log [queued]");
  }

  @Test
  void should_fail_if_the_job_never_existed(TestQueue queue) {
    then(expectFailure(() -> assertThat(queue).job(JobId.of(42)).hasStatus(QUEUED)))
        .hasMessage("Expecting job 42 to exist but it was never enqueued (it has no log rows)");
  }

  @Test
  void should_fail_if_the_log_differs(TestQueue queue) {
    queue.handle("mail", ctx -> { });
    JobId id = queue.enqueue("mail");
    queue.drain();
    then(expectFailure(() -> assertThat(queue).job(id).hasLog(QUEUED, SUCCESSFUL))).hasMessage(
        "Expecting the log of job 1 to be [queued, successful] but it is [queued, picked, successful]; "
            + "it has no queue row, log [queued, picked, successful]");
  }

  @Test
  void should_fail_if_attempts_are_asked_of_a_finished_job(TestQueue queue) {
    queue.handle("mail", ctx -> { });
    JobId id = queue.enqueue("mail");
    queue.drain();
    then(expectFailure(() -> assertThat(queue).job(id).hasAttempts(0))).hasMessage(
        "Expecting job 1 to still be in the queue to check its attempts, but it finished as successful; "
            + "assert on its log instead (hasLog)");
  }

  @Test
  void should_fail_if_the_job_has_not_finished(TestQueue queue) {
    JobId id = queue.enqueue("mail");
    then(expectFailure(() -> assertThat(queue).job(id).isFinished()))
        .hasMessageStartingWith("Expecting job 1 to have finished but it has not; row: #1 mail queued");
  }

  @Test
  void should_fail_if_no_error_was_recorded(TestQueue queue) {
    JobId id = queue.enqueue("mail");
    then(expectFailure(() -> assertThat(queue).job(id).hasLastErrorOfType(IllegalStateException.class)))
        .hasMessageStartingWith("Expecting job 1 to have a recorded error but its log has none;");
  }

  @Test
  void should_fail_if_the_error_differs(TestQueue queue) {
    queue.handle("mail", ctx -> {
      throw new IllegalArgumentException("no such address");
    });
    JobId id = queue.enqueue("mail");
    queue.allowFailures().drain();
    then(expectFailure(() -> assertThat(queue).job(id).hasLastErrorOfType(IllegalStateException.class)))
        .hasMessage("Expecting the last error of job 1 to be a IllegalStateException but it was a "
            + "IllegalArgumentException: no such address");
    then(expectFailure(() -> assertThat(queue).job(id).hasLastErrorMessageContaining("timeout")))
        .hasMessage("Expecting the last error message of job 1 to contain \"timeout\" but it was \"no such address\""
            + " (IllegalArgumentException)");
  }

  @Test
  void should_check_a_job_row(TestQueue queue) {
    JobId id = queue.enqueue(NewJob.of("mail").withPayload("ada").withPriority(2));
    var row = queue.history(id).job().orElseThrow();
    assertThat(row).hasEntrypoint("mail").hasPayload("ada").hasStatus(QUEUED).hasAttempts(0);
    then(expectFailure(() -> assertThat(row).matches(JobMatcher.entrypoint("mail").priority(3))))
        .hasMessage("Expecting job\n  #1 mail queued priority=2 attempts=0 executeAfter=2026-01-01T00:00:00Z "
            + "payload=\"ada\"\nto match {entrypoint=\"mail\", priority=3} but it is not priority=3");
  }
}

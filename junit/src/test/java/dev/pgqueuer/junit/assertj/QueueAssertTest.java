package dev.pgqueuer.junit.assertj;

import static dev.pgqueuer.junit.JobMatcher.entrypoint;
import static dev.pgqueuer.junit.assertj.PgQueuerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.BDDAssertions.then;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.junit.JobMatcher;
import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link QueueAssert}: what passes, and what the failure messages say. */
@PgQueuerTest
class QueueAssertTest {

  @Test
  void should_pass_if_a_queued_job_matches_every_criterion(TestQueue queue) {
    // GIVEN
    queue.enqueue(NewJob.of("welcome-mail").withPayload("ada@example.com").withPriority(3)
        .withHeaders(Map.of("tenant", "acme")).withDedupeKey("ada"));
    queue.enqueue(NewJob.of("reminder").withDelay(Duration.ofDays(3)));
    // WHEN / THEN
    assertThat(queue)
        .hasEnqueued(entrypoint("welcome-mail").payload("ada@example.com").priority(3).header("tenant", "acme")
            .dedupeKey("ada"))
        .hasEnqueued(1, entrypoint("reminder").delay(Duration.ofDays(3)).noPayload())
        .hasEnqueued(2, JobMatcher.any())
        .hasNotEnqueued(entrypoint("welcome-mail").payload("bob@example.com"))
        .hasEnqueuedExactly(entrypoint("welcome-mail"), entrypoint("reminder"))
        .hasSize(JobStatus.QUEUED, 2)
        .hasSize("reminder", JobStatus.QUEUED, 1)
        .hasSize(JobStatus.PICKED, 0);
    assertThat(queue.repository()).hasEnqueued(entrypoint("reminder"));
  }

  @Test
  void should_fail_if_no_queued_job_matches_and_show_what_the_queue_holds(TestQueue queue) {
    // GIVEN
    queue.enqueue(NewJob.of("welcome-mail").withPayload("ada@example.com"));
    queue.enqueue(NewJob.of("reminder").withPayload("ada@example.com").withDelay(Duration.ofDays(3)));
    // WHEN
    AssertionError error = expectFailure(() -> assertThat(queue)
        .hasEnqueued(entrypoint("welcome-mail").payload("bob@example.com")));
    // THEN
    then(error).hasMessage(String.join("\n",
        "Expecting the queue to have enqueued a job matching",
        "  {entrypoint=\"welcome-mail\", payload=\"bob@example.com\"}",
        "but none of its queued jobs does; the queue holds 2 jobs:",
        "  #1 welcome-mail queued priority=0 attempts=0 due now payload=\"ada@example.com\""
            + "  <- not payload=\"bob@example.com\"",
        "  #2 reminder queued priority=0 attempts=0 due in PT72H (at 2026-01-04T00:00:00Z) payload=\"ada@example.com\""
            + "  <- not entrypoint=\"welcome-mail\", not payload=\"bob@example.com\""));
  }

  @Test
  void should_fail_if_the_queue_is_empty(TestQueue queue) {
    AssertionError error = expectFailure(() -> assertThat(queue).hasEnqueued(entrypoint("welcome-mail")));
    then(error).hasMessage(String.join("\n",
        "Expecting the queue to have enqueued a job matching",
        "  {entrypoint=\"welcome-mail\"}",
        "but none of its queued jobs does; the queue is empty"));
  }

  @Test
  void should_fail_if_a_picked_job_is_all_there_is(TestQueue queue) {
    // GIVEN: picked is not enqueued (the trap of asserting on jobs that already ran)
    queue.enqueue("welcome-mail");
    queue.repository().dequeue(DequeueRequest.builder(WorkerId.random()).entrypoint("welcome-mail").build());
    // WHEN
    AssertionError error = expectFailure(() -> assertThat(queue).hasEnqueued(entrypoint("welcome-mail")));
    // THEN
    then(error).hasMessageContaining("the queue holds 1 job:\n  #1 welcome-mail picked priority=0 attempts=0");
    assertThat(queue).hasJob(entrypoint("welcome-mail").status(JobStatus.PICKED));
  }

  @Test
  void should_fail_if_the_count_differs(TestQueue queue) {
    queue.enqueue("welcome-mail");
    AssertionError error = expectFailure(() -> assertThat(queue).hasEnqueued(2, entrypoint("welcome-mail")));
    then(error).hasMessageStartingWith(String.join("\n",
        "Expecting the queue to have enqueued exactly 2 jobs matching",
        "  {entrypoint=\"welcome-mail\"}",
        "but found 1; the queue holds 1 job:"));
  }

  @Test
  void should_fail_if_a_refuted_job_was_enqueued(TestQueue queue) {
    queue.enqueue("welcome-mail", "ada@example.com");
    queue.enqueue("reminder");
    AssertionError error = expectFailure(() -> assertThat(queue).hasNotEnqueued(entrypoint("welcome-mail")));
    then(error).hasMessage(String.join("\n",
        "Expecting the queue not to have enqueued a job matching",
        "  {entrypoint=\"welcome-mail\"}",
        "but found:",
        "  #1 welcome-mail queued priority=0 attempts=0 due now payload=\"ada@example.com\""));
  }

  @Test
  void should_fail_if_the_enqueued_jobs_differ_in_order_or_number(TestQueue queue) {
    queue.enqueue("b");
    queue.enqueue("a");
    AssertionError error = expectFailure(() -> assertThat(queue).hasEnqueuedExactly(entrypoint("a"), entrypoint("b")));
    then(error).hasMessage(String.join("\n",
        "Expecting the queued jobs, in enqueue order, to match exactly",
        "  {entrypoint=\"a\"}",
        "  {entrypoint=\"b\"}",
        "but the queue holds 2 jobs:",
        "  #1 b queued priority=0 attempts=0 due now no payload",
        "  #2 a queued priority=0 attempts=0 due now no payload"));
  }

  @Test
  void should_fail_if_the_queue_is_not_empty(TestQueue queue) {
    queue.enqueue(NewJob.of("x").withHeaders(Map.of("b", "2", "a", "1")).withDedupeKey("k"));
    AssertionError error = expectFailure(() -> assertThat(queue).isEmpty());
    then(error).hasMessage("Expecting the queue to be empty but the queue holds 1 job:\n"
        + "  #1 x queued priority=0 attempts=0 due now no payload headers={a=1, b=2} dedupeKey=\"k\"");
  }

  @Test
  void should_fail_if_the_size_per_status_differs(TestQueue queue) {
    queue.enqueue("x");
    then(expectFailure(() -> assertThat(queue).hasSize(JobStatus.QUEUED, 2)))
        .hasMessageStartingWith("Expecting 2 queued jobs but found 1; the queue holds 1 job:");
    then(expectFailure(() -> assertThat(queue).hasSize("y", JobStatus.QUEUED, 1)))
        .hasMessageStartingWith("Expecting 1 queued job of entrypoint \"y\" but found 0; the queue holds 1 job:");
  }

  @Test
  void should_show_the_description_given_with_as(TestQueue queue) {
    then(expectFailure(() -> assertThat(queue).as("after sign-up").hasEnqueued(entrypoint("mail"))))
        .hasMessageStartingWith("[after sign-up] Expecting the queue to have enqueued a job matching");
  }

  @Test
  void should_list_at_most_25_jobs(TestQueue queue) {
    for (int i = 0; i < 30; i++) {
      queue.enqueue("bulk");
    }
    then(expectFailure(() -> assertThat(queue).isEmpty()))
        .hasMessageContaining("  #25 bulk").hasMessageEndingWith("\n  ... and 5 more")
        .hasMessageNotContaining("#26 bulk");
  }

  @Test
  void should_expose_the_enqueued_jobs_as_a_list(TestQueue queue) {
    queue.enqueue("b");
    queue.enqueue("a");
    assertThat(queue).enqueuedJobs().extracting(j -> j.entrypoint()).containsExactly("b", "a");
  }

  @Test
  void should_reject_a_non_positive_wait(TestQueue queue) {
    assertThatThrownBy(() -> assertThat(queue).within(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive, got PT0S");
  }

  static AssertionError expectFailure(Runnable assertion) {
    AssertionError error = catchThrowableOfType(AssertionError.class, assertion::run);
    if (error == null) {
      throw new AssertionError("expected the assertion to fail, but it passed");
    }
    return error;
  }
}

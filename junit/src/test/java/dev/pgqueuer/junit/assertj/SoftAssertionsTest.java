package dev.pgqueuer.junit.assertj;

import static dev.pgqueuer.junit.JobMatcher.entrypoint;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.BDDAssertions.then;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.error.AssertJMultipleFailuresError;
import org.junit.jupiter.api.Test;

/** Soft assertions collect every pgqueuer failure and report them together. */
@PgQueuerTest
class SoftAssertionsTest {

  @Test
  void should_collect_every_failure_of_queue_and_job_assertions(TestQueue queue) {
    // GIVEN
    JobId id = queue.enqueue("mail");
    PgQueuerSoftAssertions softly = new PgQueuerSoftAssertions();
    // WHEN
    softly.assertThat(queue).hasEnqueued(entrypoint("reminder")).hasSize(JobStatus.QUEUED, 5);
    softly.assertThat(queue.repository()).isEmpty();
    softly.assertThat(queue.history(id)).hasStatus(JobStatus.SUCCESSFUL);
    softly.assertThat(queue.history(id).job().orElseThrow()).hasEntrypoint("other");
    softly.assertThat(queue).hasEnqueued(entrypoint("mail"));
    // THEN
    then(softly.errorsCollected()).hasSize(5);
    then(softly.errorsCollected().get(0)).hasMessageContaining("{entrypoint=\"reminder\"}");
    then(softly.errorsCollected().get(1)).hasMessageStartingWith("Expecting 5 queued jobs but found 1");
    then(softly.errorsCollected().get(2)).hasMessageStartingWith("Expecting the queue to be empty");
    then(softly.errorsCollected().get(3)).hasMessageStartingWith("Expecting job 1 to have status successful");
    then(softly.errorsCollected().get(4)).hasMessageContaining("not entrypoint=\"other\"");
  }

  @Test
  void should_report_all_failures_at_the_end_of_assert_softly(TestQueue queue) {
    assertThatThrownBy(() -> SoftAssertionsProvider.assertSoftly(PgQueuerSoftAssertions.class, softly -> {
      softly.assertThat(queue).hasEnqueued(entrypoint("a"));
      softly.assertThat(queue).hasEnqueued(entrypoint("b"));
    })).isInstanceOf(AssertJMultipleFailuresError.class).hasMessageContaining("Multiple Failures (2 failures)");
  }

  @Test
  void should_wait_softly_too(TestQueue queue) {
    PgQueuerSoftAssertions softly = new PgQueuerSoftAssertions();
    queue.enqueue("mail");
    softly.assertThat(queue).within(java.time.Duration.ofSeconds(5)).hasEnqueued(entrypoint("mail"));
    softly.assertAll();
  }
}

package dev.pgqueuer.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.worker.DrainResult;
import dev.pgqueuer.worker.JobResult;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Running jobs from a test: perform one, drain (limit, recursion, rethrow) and inline mode. */
@PgQueuerTest
class TestQueueDriveTest {

  @Test
  void performRunsTheJobThroughItsHandlerAndRecordsTheOutcome(TestQueue queue) {
    // GIVEN
    List<String> seen = new CopyOnWriteArrayList<>();
    // WHEN
    JobResult result = queue.perform(NewJob.of("mail").withPayload("ada"), ctx -> seen.add(ctx.payload().toUtf8()));
    // THEN
    assertThat(seen).containsExactly("ada");
    assertThat(result.disposition()).isEqualTo(JobResult.Disposition.SUCCESSFUL);
    assertThat(queue.history(result.id()).statuses())
        .containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @Test
  void performFailsTheTestWithTheJobAndItsCauseWhenTheJobFails(TestQueue queue) {
    assertThatThrownBy(() -> queue.perform(NewJob.of("mail"), ctx -> {
      throw new IllegalStateException("smtp down");
    })).isInstanceOf(JobFailedException.class)
        .hasMessageContaining("job 1 of entrypoint mail failed (EXCEPTION, attempts 0)")
        .hasMessageContaining("queue.allowFailures()")
        .cause().hasMessage("smtp down");
    assertThat(queue.history(JobId.of(1)).status()).as("recorded before thrown").contains(JobStatus.EXCEPTION);
  }

  @Test
  void performReturnsAHandlerErrorWhenFailuresAreAllowed(TestQueue queue) {
    queue.allowFailures();
    JobResult result = queue.perform(NewJob.of("mail"), ctx -> {
      throw new IllegalStateException("smtp down");
    });
    assertThat(result.disposition()).isEqualTo(JobResult.Disposition.EXCEPTION);
    assertThat(result.error()).hasMessage("smtp down");
    assertThat(queue.history(result.id()).status()).contains(JobStatus.EXCEPTION);
  }

  @Test
  void performUsesTheRegisteredEntrypoint(TestQueue queue) {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    queue.handle("mail", ctx -> attempts.add(ctx.attempts()));
    assertThat(queue.perform(NewJob.of("mail")).disposition()).isEqualTo(JobResult.Disposition.SUCCESSFUL);
    assertThat(attempts).containsExactly(0);
  }

  @Test
  void performRefusesWhatItCouldNotRunFaithfully(TestQueue queue) {
    assertThatThrownBy(() -> queue.perform(NewJob.of("mail")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no handler is registered for entrypoint mail");
    assertThatThrownBy(() -> queue.perform(NewJob.of("mail").withDelay(Duration.ofMinutes(1)), ctx -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perform runs a job now");
    queue.enqueue("mail");
    assertThatThrownBy(() -> queue.perform(NewJob.of("mail"), ctx -> { }))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 other job(s) of entrypoint mail are due");
  }

  @Test
  void drainRunsEveryDueJobInKeyOrder(TestQueue queue) {
    // GIVEN
    List<String> order = new CopyOnWriteArrayList<>();
    queue.handle("work", ctx -> order.add(ctx.payload().toUtf8()));
    queue.enqueue(NewJob.of("work").withPayload("low"));
    queue.enqueue(NewJob.of("work").withPayload("high").withPriority(5));
    queue.enqueue(NewJob.of("work").withPayload("later").withDelay(Duration.ofMinutes(5)));
    queue.enqueue(NewJob.of("unhandled"));
    queue.allowUnhandledJobs();
    // WHEN
    DrainResult result = queue.drain();
    // THEN
    assertThat(order).containsExactly("high", "low");
    assertThat(result.processed()).isEqualTo(2);
    assertThat(queue.enqueued()).extracting(j -> j.entrypoint()).containsExactly("work", "unhandled");
  }

  @Test
  void aDrainThatLeavesJobsNoHandlerCanRunFailsNamingTheirEntrypoints(TestQueue queue) {
    // GIVEN a handled job, and jobs of two entrypoints with no handler (one of them deferred)
    queue.handle("work", ctx -> { });
    queue.enqueue("work");
    queue.enqueue("billing");
    queue.enqueue(NewJob.of("audit").withDelay(Duration.ofDays(1)));
    queue.enqueue(NewJob.of("audit"));
    // WHEN / THEN the drain runs what it can, then says what it could not
    assertThatThrownBy(queue::drain).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no registered handler can run {audit=2, billing=1}")
        .hasMessageContaining("queue.allowUnhandledJobs()");
    assertThat(queue.enqueued()).extracting(j -> j.entrypoint()).containsExactlyInAnyOrder("billing", "audit", "audit");
  }

  @Test
  void aDrainInWhichAJobFailsFailsTheTestAfterRunningEveryJob(TestQueue queue) {
    // GIVEN two failing jobs and a good one
    List<Long> ran = new CopyOnWriteArrayList<>();
    queue.handle("work", ctx -> {
      ran.add(ctx.id().value());
      if (ctx.id().value() != 2) {
        throw new IllegalArgumentException("bad input " + ctx.id().value());
      }
    });
    queue.enqueue("work");
    queue.enqueue("work");
    queue.enqueue("work");
    // WHEN / THEN every job ran, and the test fails naming the first failure
    assertThatThrownBy(queue::drain).isInstanceOf(JobFailedException.class)
        .hasMessageContaining("job 1 of entrypoint work failed").hasMessageContaining("2 jobs failed in this run")
        .cause().hasMessage("bad input 1");
    assertThat(ran).containsExactly(1L, 2L, 3L);
  }

  @Test
  void drainStopsAtTheLimit(TestQueue queue) {
    queue.handle("work", ctx -> { });
    for (int i = 0; i < 5; i++) {
      queue.enqueue("work");
    }
    assertThat(queue.drain(DrainOptions.defaults().limit(2)).processed()).isEqualTo(2);
    assertThat(queue.enqueued()).hasSize(3);
  }

  @Test
  void drainRecursesIntoJobsEnqueuedByJobsUnlessToldNotTo(TestQueue queue) {
    // GIVEN a job that enqueues a follow-up through the test's repository
    queue.handle("signup", ctx -> queue.repository().enqueue(EnqueueRequest.of(NewJob.of("welcome"))));
    queue.handle("welcome", ctx -> { });
    queue.enqueue("signup");
    // WHEN not recursive
    DrainResult once = queue.drain(DrainOptions.defaults().recursive(false));
    // THEN the follow-up waits
    assertThat(once.results()).extracting(JobResult::entrypoint).containsExactly("signup");
    assertThat(queue.enqueued()).extracting(j -> j.entrypoint()).containsExactly("welcome");
    // WHEN recursive (the default)
    queue.enqueue("signup");
    DrainResult all = queue.drain();
    // THEN
    assertThat(all.results()).extracting(JobResult::entrypoint).containsExactly("welcome", "signup", "welcome");
    assertThat(queue.jobs()).isEmpty();
  }

  @Test
  void drainRecordsHandlerErrorsWhenFailuresAreAllowedUnlessAskedToRethrow(TestQueue queue) {
    queue.allowFailures();
    queue.handle("boom", ctx -> {
      throw new IllegalStateException("kaput");
    });
    JobId recorded = queue.enqueue("boom");
    assertThat(queue.drain().results()).extracting(JobResult::disposition)
        .containsExactly(JobResult.Disposition.EXCEPTION);
    assertThat(queue.history(recorded).status()).contains(JobStatus.EXCEPTION);

    JobId thrown = queue.enqueue("boom");
    assertThatThrownBy(() -> queue.drain(DrainOptions.defaults().rethrow(true)))
        .isInstanceOf(IllegalStateException.class).hasMessage("kaput");
    assertThat(queue.history(thrown).status()).as("recorded before rethrown").contains(JobStatus.EXCEPTION);
  }

  @Test
  void drainWrapsCheckedHandlerErrors(TestQueue queue) {
    queue.handle("io", ctx -> {
      throw new IOException("disk full");
    });
    queue.enqueue("io");
    assertThatThrownBy(() -> queue.drain(DrainOptions.defaults().rethrow(true)))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("job 1 of entrypoint io failed")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void drainNeedsARegisteredHandler(TestQueue queue) {
    assertThatThrownBy(queue::drain).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call TestQueue.handle(entrypoint, handler)");
  }

  @Test
  void drainOptionsRejectInvalidCombinations() {
    assertThatThrownBy(() -> DrainOptions.defaults().limit(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit must be >= 0");
    assertThatThrownBy(() -> DrainOptions.defaults().recursive(false).upTo(java.time.Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upTo cannot be combined");
  }

  @Test
  void inlineModeRunsEnqueuedJobsBeforeTheEnqueueReturns(TestQueue queue) {
    // GIVEN
    List<String> ran = new CopyOnWriteArrayList<>();
    queue.handle("signup", ctx -> {
      ran.add("signup");
      queue.repository().enqueue(EnqueueRequest.of(NewJob.of("welcome")));
      ran.add("signup done");
    });
    queue.handle("welcome", ctx -> ran.add("welcome"));
    queue.inline();
    // WHEN
    queue.repository().enqueue(EnqueueRequest.of(NewJob.of("signup")));
    // THEN the follow-up ran after its parent finished, both before enqueue returned
    assertThat(ran).containsExactly("signup", "signup done", "welcome");
    assertThat(queue.jobs()).isEmpty();
  }

  @Test
  void inlineModeStartsNoNestedRunWhileTheTestDrains(TestQueue queue) {
    // GIVEN inline mode and a job whose handler enqueues a follow-up
    List<String> ran = new CopyOnWriteArrayList<>();
    queue.handle("parent", ctx -> {
      ran.add("parent");
      queue.repository().enqueue(EnqueueRequest.of(NewJob.of("child")));
      ran.add("parent done");
    });
    queue.handle("child", ctx -> ran.add("child"));
    queue.enqueue(NewJob.of("parent").withDelay(Duration.ofSeconds(1)));
    queue.inline();
    // WHEN the test drains
    queue.drain(DrainOptions.defaults().upTo(queue.now().plusSeconds(1)));
    // THEN the drain ran the follow-up after its parent, not inside it
    assertThat(ran).containsExactly("parent", "parent done", "child");
  }

  @Test
  void inlineModeLeavesDeferredJobsForTheClock(TestQueue queue) {
    queue.handle("later", ctx -> { });
    queue.inline();
    queue.enqueue(NewJob.of("later").withDelay(Duration.ofHours(1)));
    assertThat(queue.enqueued()).hasSize(1);
  }

  @Test
  void inlineModeThrowsHandlerErrorsToTheEnqueuer(TestQueue queue) {
    queue.handle("boom", ctx -> {
      throw new IllegalArgumentException("bad payload");
    }).inline();
    assertThatThrownBy(() -> queue.enqueue("boom"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bad payload");
  }

  @Test
  void manualModeIsTheDefaultAndCanBeRestored(TestQueue queue) {
    queue.handle("work", ctx -> { });
    assertThat(queue.isInline()).isFalse();
    queue.inline().manual();
    queue.enqueue("work");
    assertThat(queue.enqueued()).hasSize(1);
  }

  @Test
  void inlineModeNeedsAHandler(TestQueue queue) {
    assertThatThrownBy(queue::inline).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inline mode runs registered handlers");
  }
}

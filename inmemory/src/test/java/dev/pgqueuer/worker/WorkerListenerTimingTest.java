package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link WorkerListener#jobFinished} and {@link WorkerListener#outcomesFlushed}: what they report, and when. */
class WorkerListenerTimingTest {

  private final ManualClock clock = ManualClock.create();
  private final InMemoryRepository repo = InMemoryRepository.create(clock);

  @AfterEach
  void close() {
    repo.close();
  }

  /** Records the finished, flushed and written callbacks as lines, in call order. */
  private static final class Recorder implements WorkerListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Duration> handlerTimes = new CopyOnWriteArrayList<>();

    @Override
    public void jobFinished(JobResult result, Duration handlerTime) {
      handlerTimes.add(handlerTime);
      events.add("finished " + result.id().value() + " " + result.entrypoint() + " " + result.disposition());
    }

    @Override
    public void outcomesFlushed(int outcomes, Duration writeTime) {
      events.add("flushed " + outcomes + (writeTime.isNegative() ? " in negative time" : ""));
    }

    @Override
    public void outcomesWritten(List<JobId> jobs) {
      events.add("written " + jobs.size());
    }
  }

  private void enqueue(String entrypoint) {
    repo.enqueue(EnqueueRequest.of(NewJob.of(entrypoint)));
  }

  @Test
  void eachHandlerIsReportedWithItsDispositionBeforeTheFlushThatWritesItsOutcome() {
    Recorder recorder = new Recorder();
    WorkerStep step = QueueManager.builder(repo).listener(recorder)
        .entrypoint("ok", ctx -> { })
        .entrypoint(Entrypoint.of("retried", ctx -> {
          throw new IllegalStateException("fails (expected by the test)");
        }).withRetryPolicy(RetryPolicy.exponential(1, Duration.ofMinutes(1), Duration.ofMinutes(1))))
        .entrypoint(Entrypoint.of("held", ctx -> {
          throw new IllegalStateException("fails (expected by the test)");
        }).withOnFailure(OnFailure.HOLD))
        .build().step();
    enqueue("ok");
    enqueue("retried");
    enqueue("held");

    step.runOnce();

    assertThat(recorder.events).containsExactly(
        "finished 1 ok SUCCESSFUL", "finished 2 retried RETRIED", "finished 3 held FAILED", "flushed 3", "written 3");
  }

  @Test
  void theHandlerTimeCoversTheHandlerRun() {
    Recorder recorder = new Recorder();
    WorkerStep step = QueueManager.builder(repo).listener(recorder)
        .entrypoint("slow", ctx -> busy(Duration.ofMillis(20)))
        .build().step();
    enqueue("slow");

    step.runOnce();

    assertThat(recorder.handlerTimes).singleElement()
        .satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(20)));
  }

  @Test
  void aJobCanceledBeforeItRanIsReportedWithoutHandlerTime() {
    Recorder recorder = new Recorder();
    WorkerStep step = QueueManager.builder(repo).listener(recorder)
        .entrypoint("never", ctx -> {
          throw new AssertionError("a canceled job must not run");
        })
        .listener(new WorkerListener() {
          @Override
          public void jobsClaimed(List<dev.pgqueuer.Job> jobs) {
            repo.cancelJobs(List.of(jobs.get(0).id()));
          }
        })
        .build().step();
    enqueue("never");

    step.runOnce();

    assertThat(recorder.events).startsWith("finished 1 never CANCELED");
    assertThat(recorder.handlerTimes).containsExactly(Duration.ZERO);
  }

  /** Spins on the JVM's monotonic clock: the handler time is measured on it, whatever the repository's clock. */
  private static void busy(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
  }
}

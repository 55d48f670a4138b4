package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A retried job is queued again the moment its retry is written, so a claim may take it before the worker that wrote
 * the retry has finished its flush; that claim may be the same worker's.
 */
class RetryReclaimTest {

  @Test
  void theSameWorkerAdmitsItsRetriedJobClaimedWhileTheRetryIsStillBeingWritten() {
    ManualClock clock = ManualClock.create();
    try (InMemoryRepository repo = InMemoryRepository.create(clock)) {
      AtomicInteger attempts = new AtomicInteger();
      AtomicReference<Engine> engine = new AtomicReference<>();
      AtomicReference<List<Job>> claimedDuringWrite = new AtomicReference<>();
      AtomicReference<JobContext> admittedDuringWrite = new AtomicReference<>();
      // Right after the retry is written, and before the flush returns, this worker's next claim runs.
      Repository observed = claimingAfterRetry(repo, () -> {
        List<Job> jobs = engine.get().claim(1, false);
        claimedDuringWrite.set(jobs);
        if (!jobs.isEmpty()) {
          admittedDuringWrite.set(engine.get().admit(jobs.get(0)));
        }
      });
      engine.set(new Engine(observed, WorkerId.random(), WorkerSettings.defaults(), Map.of("work",
          Entrypoint.of("work", ctx -> {
            if (attempts.incrementAndGet() == 1) {
              throw RetryRequested.now();
            }
          })), List.of()));
      JobId id = repo.enqueue(EnqueueRequest.of(List.of(NewJob.of("work")))).rows().get(0).orElseThrow();

      engine.get().execute(engine.get().admit(engine.get().claim(1, false).get(0)));
      assertThat(engine.get().flush()).isNull();

      assertThat(claimedDuringWrite.get()).extracting(Job::id).containsExactly(id);
      assertThat(admittedDuringWrite.get()).as("the second attempt, admitted by the worker that wrote the retry")
          .isNotNull();
      engine.get().execute(admittedDuringWrite.get());
      assertThat(engine.get().flush()).isNull();
      assertThat(attempts).hasValue(2);
      assertThat(engine.get().inFlight.isEmpty()).as("nothing held after both outcomes are written").isTrue();
      List<JobStatus> statuses = new ArrayList<>();
      for (LogEntry e : repo.jobLog(id)) {
        statuses.add(e.status());
      }
      assertThat(statuses).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.QUEUED, JobStatus.PICKED,
          JobStatus.SUCCESSFUL);
    }
  }

  private static Repository claimingAfterRetry(Repository delegate, Runnable afterRetry) {
    return ObservedRepository.of(delegate, new ObservedRepository.Observer() {
      @Override
      public void after(String method) {
        if (method.equals("retryJob")) {
          afterRetry.run();
        }
      }
    });
  }
}

package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rule U9 through the worker: {@link JobContext#completeIn} commits the outcome with the handler's own work. */
class WorkerUnitOfWorkTest {

  private final ManualClock clock = ManualClock.create();
  private final InMemoryRepository repo = InMemoryRepository.create(clock);
  /** The handler's "own table": written only when its unit commits. */
  private final Map<JobId, String> charges = new ConcurrentHashMap<>();

  @AfterEach
  void close() {
    repo.close();
  }

  private List<JobStatus> statuses(JobId id) {
    return repo.jobLog(id).stream().map(LogEntry::status).collect(Collectors.toList());
  }

  private void charge(JobContext job, boolean commit) {
    try (ManagedUnitOfWork uow = repo.begin()) {
      uow.onCompletion(committed -> {
        if (committed) {
          charges.put(job.id(), job.payload().toUtf8());
        }
      });
      assertThat(job.completeIn(uow)).isTrue();
      if (commit) {
        uow.commit();
      }
    }
  }

  @Test
  void aHandlerThatCompletesInItsCommittedUnitIsLoggedSuccessfulOnce() {
    QueueManager worker = QueueManager.builder(repo).entrypoint("charge", job -> charge(job, true)).build();
    JobId id = repo.enqueue(EnqueueRequest.of(NewJob.of("charge").withPayload("42 EUR"))).single();

    StepResult result = worker.step().runOnce();

    assertThat(result.count(JobResult.Disposition.SUCCESSFUL)).isEqualTo(1);
    assertThat(charges).containsEntry(id, "42 EUR");
    assertThat(statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
    assertThat(repo.findJob(id)).isEmpty();
  }

  @Test
  void aHandlerWhoseUnitRollsBackAndThrowsLeavesNoChargeAndTheWorkerRecordsTheFailure() {
    QueueManager worker = QueueManager.builder(repo).entrypoint("charge", job -> {
      charge(job, false);
      throw new IllegalStateException("card declined");
    }).build();
    JobId id = repo.enqueue(EnqueueRequest.of(NewJob.of("charge").withPayload("42 EUR"))).single();

    worker.step().runOnce();

    assertThat(charges).isEmpty();
    assertThat(statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.EXCEPTION);
  }
}

package dev.pgqueuer.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.Payload;
import dev.pgqueuer.SchemaStateException;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What callers hand in and get back never aliases the repository's state; the clock is read as documented. */
class InMemoryIsolationTest {

  private final ManualClock clock = ManualClock.create();
  private final InMemoryRepository repo = InMemoryRepository.create(clock);

  @Test
  void mutatingInputsAfterEnqueueDoesNotChangeTheStoredJob() {
    byte[] bytes = {1, 2, 3};
    Map<String, String> headers = new HashMap<>(Map.of("trace", "abc"));
    List<NewJob> jobs = new ArrayList<>(List.of(
        NewJob.of("e").withPayload(Payload.of(bytes)).withHeaders(headers)));
    JobId id = repo.enqueue(EnqueueRequest.of(jobs)).single();
    bytes[0] = 9;
    headers.put("trace", "changed");
    jobs.clear();

    Job stored = repo.findJob(id).orElseThrow();
    assertThat(stored.payload().toByteArray()).containsExactly(1, 2, 3);
    assertThat(stored.headers()).containsExactly(Map.entry("trace", "abc"));
  }

  @Test
  void returnedListsAndMapsAreDetachedFromTheQueue() {
    JobId id = repo.enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
    List<Job> claimed = repo.dequeue(DequeueRequest.builder(WorkerId.random()).entrypoint("e").build());
    List<LogEntry> log = repo.queueLog();
    Map<JobId, JobStatus> status = repo.jobStatus(List.of(id));

    assertThatThrownBy(() -> status.put(id, JobStatus.QUEUED)).isInstanceOf(UnsupportedOperationException.class);
    tryToClear(claimed);
    tryToClear(log);
    tryToClear(repo.jobLog(id));

    assertThat(repo.findJob(id)).map(Job::status).contains(JobStatus.PICKED);
    assertThat(repo.queueLog()).hasSize(2);
    assertThat(repo.jobStatus(List.of(id))).containsExactly(Map.entry(id, JobStatus.PICKED));
  }

  @Test
  void jobStatusIteratesInIdOrderAndAnswersLikeAnyMap() {
    List<JobId> ids = repo.enqueue(EnqueueRequest.of(NewJob.of("e"), NewJob.of("e"), NewJob.of("e"))).insertedIds();
    Map<JobId, JobStatus> status = repo.jobStatus(List.of(ids.get(2), JobId.of(99), ids.get(0), ids.get(2)));

    assertThat(List.copyOf(status.keySet())).containsExactly(ids.get(0), ids.get(2));
    assertThat(status).isEqualTo(Map.of(ids.get(0), JobStatus.QUEUED, ids.get(2), JobStatus.QUEUED));
    assertThat(status.hashCode()).isEqualTo(Map.of(ids.get(0), JobStatus.QUEUED, ids.get(2), JobStatus.QUEUED)
        .hashCode());
    assertThat(status.get(JobId.of(99))).isNull();
    assertThat(status.get("not an id")).isNull();
    assertThat(repo.jobStatus(List.of(JobId.of(99)))).isEmpty();
  }

  @Test
  void aClockThatStepsBackIsReadAsTheLatestInstant() {
    Instant t0 = Instant.parse("2026-03-01T10:00:00.000001Z");
    AtomicReference<Instant> time = new AtomicReference<>(t0);
    InstantSource wobbly = time::get;
    InMemoryRepository r = InMemoryRepository.builder().clock(wobbly).build();
    JobId first = r.enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
    time.set(t0.minus(Duration.ofMillis(5)));
    JobId second = r.enqueue(EnqueueRequest.of(NewJob.of("e"))).single();

    assertThat(r.findJob(first).orElseThrow().created()).isEqualTo(t0);
    assertThat(r.findJob(second).orElseThrow().created()).isEqualTo(t0);
  }

  @Test
  void nanosecondsFromTheClockAreTruncatedToMicroseconds() {
    InMemoryRepository r = InMemoryRepository.builder()
        .clock(() -> Instant.parse("2026-03-01T10:00:00.123456789Z")).build();
    JobId id = r.enqueue(EnqueueRequest.of(NewJob.of("e"))).single();

    assertThat(r.findJob(id).orElseThrow().created()).isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));
  }

  @Test
  void anUninstalledRepositoryRefusesQueueOperationsButStillCarriesEvents() {
    InMemoryRepository r = InMemoryRepository.builder().installed(false).build();

    assertThat(r.isInstalled()).isFalse();
    assertThatThrownBy(() -> r.enqueue(EnqueueRequest.of(NewJob.of("e"))))
        .isInstanceOf(SchemaStateException.class);
    r.notifyHealthCheck(java.util.UUID.randomUUID());
    r.install();
    assertThat(r.enqueue(EnqueueRequest.of(NewJob.of("e"))).single()).isEqualTo(JobId.of(1));
  }

  private static void tryToClear(List<?> list) {
    try {
      list.clear();
    } catch (UnsupportedOperationException e) {
      // immutable is fine too
    }
  }
}

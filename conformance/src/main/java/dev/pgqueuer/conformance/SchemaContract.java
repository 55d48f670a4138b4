package dev.pgqueuer.conformance;

import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.ScheduleDeletion;
import dev.pgqueuer.port.FailedJobsQuery;
import static dev.pgqueuer.conformance.ContractFixtures.MINUTELY;
import static dev.pgqueuer.conformance.ContractFixtures.successful;
import static dev.pgqueuer.conformance.ContractSteps.dequeueRequest;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static dev.pgqueuer.conformance.ContractSteps.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.ScheduleId;
import dev.pgqueuer.SchemaStateException;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.port.RetryRequest;
import dev.pgqueuer.port.ScheduleSpec;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.port.StatisticsQuery;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Section 9 and rule I2 of {@code docs/semantics.md}: install, upgrade and uninstall fail or succeed identically on
 * both backends (D37), every operation on an uninstalled queue raises {@link SchemaStateException}, a reinstall
 * restarts ids at 1 (D25), and {@code isInstalled} follows the lifecycle. Catalog-level checks (tables, columns,
 * indexes, trigger) are PostgreSQL's own: {@code PostgresSchemaCatalogTest}.
 */
public interface SchemaContract extends ContractSupport {

  private static void assertEveryOperationFailsWithSchemaState(Map<String, ThrowingCallable> operations) {
    operations.forEach((name, call) -> assertThatThrownBy(call).as(name).isInstanceOf(SchemaStateException.class));
  }

  @Test
  default void installOnAnInstalledQueueFailsAndKeepsTheData(TestQueue q) {
    // GIVEN an installed queue with a job
    JobId id = q.enqueue("a");
    // WHEN install runs again
    // THEN it fails and the job is still there
    assertThatThrownBy(() -> q.repository().install()).isInstanceOf(SchemaStateException.class);
    assertThat(job(q, id).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void upgradeIsIdempotentAndKeepsTheData(TestQueue q) {
    // GIVEN an installed queue with a job
    JobId id = q.enqueue("a");
    // WHEN upgrade runs twice
    q.repository().upgrade();
    q.repository().upgrade();
    // THEN the job, its log and the id sequence are intact, and the queue is still installed
    assertThat(job(q, id).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED);
    assertThat(q.enqueue("a")).isEqualTo(JobId.of(2));
    assertThat(q.repository().isInstalled()).isTrue();
  }

  @Test
  default void upgradeOfAnUninstalledQueueFails(TestQueue q) {
    // GIVEN an uninstalled queue
    q.repository().uninstall();
    // WHEN upgrade runs, THEN it fails and nothing was installed
    assertThatThrownBy(() -> q.repository().upgrade()).isInstanceOf(SchemaStateException.class);
    assertThat(q.repository().isInstalled()).isFalse();
  }

  @Test
  default void uninstallingTwiceIsANoOp(TestQueue q) {
    // GIVEN an uninstalled queue
    q.repository().uninstall();
    // WHEN uninstall runs again, THEN it succeeds and the queue stays uninstalled
    q.repository().uninstall();
    assertThat(q.repository().isInstalled()).isFalse();
  }

  @Test
  default void queueOperationsOnAnUninstalledQueueFail(TestQueue q) {
    // GIVEN a queue that had a job, then was uninstalled
    q.enqueue("a");
    q.repository().uninstall();
    Repository r = q.repository();
    // WHEN / THEN every queue operation raises SchemaStateException
    Map<String, ThrowingCallable> ops = new LinkedHashMap<>();
    ops.put("enqueue", () -> r.enqueue(EnqueueRequest.of(NewJob.of("a"))));
    ops.put("dequeue", () -> r.dequeue(dequeueRequest().entrypoint("a").build()));
    ops.put("dequeueAll", () -> r.dequeueAll(List.of(dequeueRequest().entrypoint("a").build())));
    ops.put("dequeueAll(empty)", () -> r.dequeueAll(List.of()));
    ops.put("logJobs", () -> r.logJobs(successful(JobId.of(1))));
    ops.put("retryJob", () -> r.retryJob(RetryRequest.of(JobId.of(1), Duration.ZERO)));
    ops.put("requeueJobs", () -> r.requeueJobs(ids(1)));
    ops.put("cancelJobs", () -> r.cancelJobs(ids(1)));
    ops.put("updateHeartbeat", () -> r.updateHeartbeat(ids(1)));
    ops.put("clearQueue(of)", () -> r.clearQueue(EntrypointScope.of("a")));
    ops.put("clearQueue(all)", () -> r.clearQueue(EntrypointScope.all()));
    ops.put("listFailedJobs", () -> r.listFailedJobs(FailedJobsQuery.oldest(10)));
    ops.put("queueSize", r::queueSize);
    ops.put("queuedWork", () -> r.queuedWork(Set.of("a")));
    ops.put("eligibleQueuedWork", () -> r.eligibleQueuedWork(Set.of("a")));
    ops.put("nextDeferredEta", () -> r.nextDeferredEta(Set.of("a")));
    ops.put("jobStatus", () -> r.jobStatus(ids(1)));
    ops.put("findJob", () -> r.findJob(JobId.of(1)));
    ops.put("browseQueue", () -> r.browseQueue(BrowseQuery.all()));
    assertEveryOperationFailsWithSchemaState(ops);
  }

  @Test
  default void logOperationsOnAnUninstalledQueueFail(TestQueue q) {
    // GIVEN a queue with log rows, then uninstalled
    q.enqueue("a");
    q.repository().uninstall();
    Repository r = q.repository();
    // WHEN / THEN every log and statistics operation raises SchemaStateException
    Map<String, ThrowingCallable> ops = new LinkedHashMap<>();
    ops.put("queueLog", r::queueLog);
    ops.put("jobLog", () -> r.jobLog(JobId.of(1)));
    ops.put("aggregateLogs", r::aggregateLogs);
    ops.put("logStatistics", () -> r.logStatistics(StatisticsQuery.all()));
    ops.put("clearStatistics(of)", () -> r.clearStatistics(EntrypointScope.of("a")));
    ops.put("clearStatistics(all)", () -> r.clearStatistics(EntrypointScope.all()));
    assertEveryOperationFailsWithSchemaState(ops);
  }

  @Test
  default void scheduleOperationsOnAnUninstalledQueueFail(TestQueue q) {
    // GIVEN a queue with a schedule, then uninstalled
    q.repository().insertSchedules(List.of(ScheduleSpec.of("s", MINUTELY, Duration.ZERO)));
    q.repository().uninstall();
    Repository r = q.repository();
    List<ScheduleSpec> specs = List.of(ScheduleSpec.of("s", MINUTELY, Duration.ZERO));
    // WHEN / THEN every schedule operation raises SchemaStateException
    Map<String, ThrowingCallable> ops = new LinkedHashMap<>();
    ops.put("insertSchedules", () -> r.insertSchedules(specs));
    ops.put("fetchDueSchedules", () -> r.fetchDueSchedules(specs));
    ops.put("markSchedulesQueued", () -> r.markSchedulesQueued(List.of(ScheduleId.of(1))));
    ops.put("updateScheduleHeartbeat", () -> r.updateScheduleHeartbeat(List.of(ScheduleId.of(1))));
    ops.put("peekSchedules", r::peekSchedules);
    ops.put("deleteSchedules", () -> r.deleteSchedules(new ScheduleDeletion(Set.of(ScheduleId.of(1)), Set.of("s"))));
    ops.put("clearSchedules", r::clearSchedules);
    assertEveryOperationFailsWithSchemaState(ops);
  }

  @Test
  default void reinstallRestartsIdsAtOne(TestQueue q) {
    // GIVEN a queue with jobs, log rows, statistics and schedules, uninstalled and installed again
    enqueueAll(q, NewJob.of("a"), NewJob.of("a"), NewJob.of("a"));
    q.repository().aggregateLogs();
    q.repository().insertSchedules(List.of(ScheduleSpec.of("s", MINUTELY, Duration.ZERO),
        ScheduleSpec.of("t", MINUTELY, Duration.ZERO)));
    q.repository().uninstall();
    q.repository().install();
    // WHEN a job and a schedule are created
    JobId job = q.enqueue("b");
    q.repository().insertSchedules(List.of(ScheduleSpec.of("u", MINUTELY, Duration.ZERO)));
    // THEN both ids start at 1 again and nothing of the old queue is left (I2, D25)
    assertThat(job).isEqualTo(JobId.of(1));
    assertThat(q.repository().peekSchedules()).extracting(s -> s.id().value(), s -> s.key().entrypoint())
        .containsExactly(tuple(1L, "u"));
    assertThat(q.repository().queueLog()).extracting(e -> e.entrypoint()).containsExactly("b");
    assertThat(q.repository().logStatistics(StatisticsQuery.all())).extracting(s -> s.entrypoint())
        .containsExactly("b");
    assertThat(q.repository().queueSize()).extracting(s -> s.entrypoint(), s -> s.count())
        .containsExactly(tuple("b", 1L));
  }

  @Test
  default void isInstalledFollowsUninstallAndReinstall(TestQueue q) {
    // GIVEN an installed queue
    assertThat(q.repository().isInstalled()).isTrue();
    // WHEN it is uninstalled, THEN it is not installed
    q.repository().uninstall();
    assertThat(q.repository().isInstalled()).isFalse();
    // WHEN it is installed again, THEN it is installed and works
    q.repository().install();
    assertThat(q.repository().isInstalled()).isTrue();
    assertThat(q.enqueue("a")).isEqualTo(JobId.of(1));
  }

  @Test
  default void namesAreTheConfiguredOnes(TestQueue q) {
    // GIVEN a queue, THEN its names follow PgQueuer's layout for its prefix, and events travel on its channel
    SchemaNames names = q.repository().names();
    assertThat(names.queueTable()).isEqualTo(names.prefix() + "pgqueuer");
    assertThat(names.logTable()).isEqualTo(names.prefix() + "pgqueuer_log");
    assertThat(q.repository().channel()).isEqualTo(names.channel());
  }

  @Test
  default void schemaLifecycleSendsNoEvents(TestQueue q) {
    // GIVEN a recorder
    EventRecorder events = recordEvents(q);
    // WHEN the schema is upgraded, uninstalled and installed
    q.repository().upgrade();
    q.repository().uninstall();
    q.repository().install();
    // THEN no event was sent
    assertThat(events.settle()).isEmpty();
  }
}

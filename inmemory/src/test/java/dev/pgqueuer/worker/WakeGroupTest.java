package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WakeGroup} in a {@link WorkerGroup}: who is woken for new work, and that news is never lost when nobody is
 * idle.
 */
class WakeGroupTest {

  private final InMemoryRepository repo = InMemoryRepository.create(ManualClock.create());
  private final WorkerGroup workers = WorkerGroup.of(repo);
  private final List<Runnable> leaves = new ArrayList<>();

  @AfterEach
  void leaveAll() {
    leaves.forEach(Runnable::run);
    repo.close();
  }

  private static final class Loop implements WakeGroup.Member {
    volatile int wakes;
    final CountDownLatch woken = new CountDownLatch(1);

    @Override
    public void wakeFromGroup() {
      wakes++;
      woken.countDown();
    }
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    assertThat(latch.await(20, TimeUnit.SECONDS)).as(what).isTrue();
  }

  /** Joins every loop to the group of entrypoint "e". */
  private WakeGroup groupOf(Loop... loops) {
    WakeGroup group = null;
    for (Loop loop : loops) {
      group = join(loop, "e");
    }
    return group;
  }

  private WakeGroup join(Loop loop, String... names) {
    WakeGroup group = workers.join(Set.of(names));
    leaves.add(() -> workers.leave(Set.of(names), loop, false));
    return group;
  }

  @Test
  void newWorkWakesOnlyTheMostRecentlyIdleMember() {
    Loop a = new Loop();
    Loop b = new Loop();
    Loop c = new Loop();
    WakeGroup group = groupOf(a, b, c);
    assertThat(group.goIdle(a)).isTrue();
    assertThat(group.goIdle(b)).isTrue();
    assertThat(group.goIdle(c)).isTrue();

    group.newWork();

    assertThat(List.of(a.wakes, b.wakes, c.wakes)).containsExactly(0, 0, 1);
  }

  @Test
  void eachInsertOfTheRepositoryWakesOneIdleMemberOnce() throws InterruptedException {
    Loop a = new Loop();
    Loop b = new Loop();
    Loop c = new Loop();
    WakeGroup group = groupOf(a, b, c);
    group.goIdle(a);
    group.goIdle(b);
    group.goIdle(c);

    repo.enqueue(EnqueueRequest.of(NewJob.of("e")));
    await(c.woken, "the first insert woke the most recently idle member");
    // Events are delivered in order on one thread: once the second insert's wake-up arrived, anything the first
    // could still cause has happened.
    repo.enqueue(EnqueueRequest.of(NewJob.of("e")));
    await(b.woken, "the second insert woke the next member");

    assertThat(List.of(a.wakes, b.wakes, c.wakes)).containsExactly(0, 1, 1);
  }

  @Test
  void newWorkWhileNobodyIsIdleMakesTheNextMemberLookAgainInsteadOfWaiting() {
    Loop a = new Loop();
    WakeGroup group = join(a, "e");

    group.newWork();

    assertThat(group.goIdle(a)).as("the news is taken instead of waiting").isFalse();
    assertThat(group.goIdle(a)).as("and taken once").isTrue();
  }

  @Test
  void handOffWakesAnIdleMemberButKeepsNothingWhenNoneIsIdle() {
    Loop a = new Loop();
    Loop b = new Loop();
    WakeGroup group = groupOf(a, b);

    group.handOff();
    assertThat(group.goIdle(a)).as("a hand-off is not news").isTrue();

    group.handOff();
    assertThat(a.wakes).isEqualTo(1);
    assertThat(group.goIdle(b)).isTrue();
  }

  @Test
  void aMemberThatLeavesAfterBeingWokenPassesTheWakeUpOn() {
    Loop a = new Loop();
    Loop b = new Loop();
    WakeGroup group = join(a, "e");
    workers.join(Set.of("e"));
    group.goIdle(a);
    group.goIdle(b);
    group.newWork();
    assertThat(b.wakes).isEqualTo(1);

    workers.leave(Set.of("e"), b, true);

    assertThat(a.wakes).as("the wake-up b did not act on").isEqualTo(1);
  }

  @Test
  void aWakeUpLeftWithNobodyIdleIsKeptForTheNextMember() {
    Loop a = new Loop();
    Loop b = new Loop();
    WakeGroup group = join(b, "e");
    workers.join(Set.of("e"));

    workers.leave(Set.of("e"), a, true);

    assertThat(group.goIdle(b)).isFalse();
  }

  @Test
  void loopsOfOtherEntrypointsOrOfAnotherWorkerGroupOverTheSameRepositoryAreNotWoken() {
    Loop a = new Loop();
    Loop b = new Loop();
    Loop c = new Loop();
    WakeGroup ge = join(a, "e");
    WakeGroup gf = join(b, "f");
    WorkerGroup others = WorkerGroup.of(repo);
    WakeGroup otherGroup = others.join(Set.of("e"));
    try {
      ge.goIdle(a);
      gf.goIdle(b);
      otherGroup.goIdle(c);

      ge.newWork();

      assertThat(List.of(a.wakes, b.wakes, c.wakes)).containsExactly(1, 0, 0);
      assertThat(workers.members(Set.of("e"))).isEqualTo(1);
    } finally {
      others.leave(Set.of("e"), c, false);
    }
    assertThat(others.members(Set.of("e"))).as("the last member removes its entrypoints' group").isZero();
  }
  @Test
  void outcomeBatchesOfSeveralMembersAreLoggedWithOneCall() {
    // GIVEN two members' batches of distinct jobs
    List<JobId> ids = repo.enqueue(EnqueueRequest.of(NewJob.of("e"), NewJob.of("e"), NewJob.of("e"))).insertedIds();
    repo.dequeue(DequeueRequest.builder(WorkerId.random()).batchSize(3).entrypoint("e").build());
    List<String> calls = new ArrayList<>();
    Repository counted = recordingCalls(calls);
    // WHEN
    List<Integer> counts = WakeGroup.logTogether(counted, List.of(
        List.of(JobOutcome.successful(ids.get(0))),
        List.of(JobOutcome.successful(ids.get(1)), JobOutcome.successful(ids.get(2)))));
    // THEN one call wrote all three, in batch order
    assertThat(calls).containsExactly("logJobs");
    assertThat(counts).containsExactly(3, 3);
    assertThat(repo.queueLog().stream().filter(e -> e.status() == JobStatus.SUCCESSFUL).map(LogEntry::jobId))
        .containsExactlyElementsOf(ids);
  }

  @Test
  void outcomeBatchesThatNameOneJobTwiceAreLoggedOneByOne() {
    // GIVEN a job finished by two members (it went stale and was re-picked), next to another job
    List<JobId> ids = repo.enqueue(EnqueueRequest.of(NewJob.of("e"), NewJob.of("e"))).insertedIds();
    repo.dequeue(DequeueRequest.builder(WorkerId.random()).batchSize(2).entrypoint("e").build());
    List<String> calls = new ArrayList<>();
    Repository counted = recordingCalls(calls);
    // WHEN
    List<Integer> counts = WakeGroup.logTogether(counted, List.of(
        List.of(JobOutcome.successful(ids.get(0)), JobOutcome.successful(ids.get(1))),
        List.of(JobOutcome.exception(ids.get(0), null))));
    // THEN each batch has its own call, in order; the second finds the job gone and logs nothing
    assertThat(calls).containsExactly("logJobs", "logJobs");
    assertThat(counts).containsExactly(2, 0);
  }

  /** The test's repository, recording the name of each call in {@code calls}. */
  private Repository recordingCalls(List<String> calls) {
    return ObservedRepository.of(repo, new ObservedRepository.Observer() {
      @Override
      public void before(String method) {
        calls.add(method);
      }
    });
  }
}

package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link GroupCall}: calls that arrive while one is under way are served together, each getting its own answer. */
class GroupCallTest {

  /** A serve function that records each batch and, for the first batch, blocks until released. */
  private static final class Server implements Function<List<String>, List<String>> {
    final List<List<String>> batches = new CopyOnWriteArrayList<>();
    final CountDownLatch firstStarted = new CountDownLatch(1);
    final CountDownLatch releaseFirst = new CountDownLatch(1);
    volatile RuntimeException failSecond;

    @Override
    public List<String> apply(List<String> requests) {
      batches.add(List.copyOf(requests));
      if (batches.size() == 1) {
        firstStarted.countDown();
        await(releaseFirst);
      } else if (failSecond != null) {
        throw failSecond;
      }
      List<String> answers = new ArrayList<>();
      for (String r : requests) {
        answers.add(r.toUpperCase());
      }
      return answers;
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch").isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static CompletableFuture<String> callAsync(GroupCall<String, String> group, String request) {
    return CompletableFuture.supplyAsync(() -> group.call(request), runnable -> new Thread(runnable).start());
  }

  /** Waits until {@code n} of {@code threads} wait behind the call under way, parked on their own call objects. */
  private static void awaitWaiting(List<Thread> threads, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (threads.stream().filter(GroupCallTest::waitsForItsTurn).count() < n) {
      assertThat(System.nanoTime() - deadline).as("calls parked in time").isNegative();
      Thread.onSpinWait();
    }
  }

  /** A group that always combines, with a first call ("a", or {@code first} given) under way in its server. */
  private static final class UnderWay {
    final Server server = new Server();
    final GroupCall<String, String> group;
    final CompletableFuture<String> first;

    UnderWay() {
      this(GroupCall.GATHER_NANOS, "a");
    }

    UnderWay(long gatherNanos) {
      this(gatherNanos, "x");
    }

    private UnderWay(long gatherNanos, String firstRequest) {
      group = new GroupCall<>(server, 0, gatherNanos);
      first = callAsync(group, firstRequest);
      await(server.firstStarted);
    }
  }

  /**
   * Waits until {@code t} waits with a deadline for callers to come back (a timed park on its call; a call waiting
   * to be served parks without one).
   */
  private static void awaitGathering(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(waitsForItsTurn(t) && t.getState() == Thread.State.TIMED_WAITING)) {
      assertThat(System.nanoTime() - deadline).as("call waiting for callers to come back").isNegative();
      Thread.onSpinWait();
    }
  }

  /**
   * Whether {@code t}, a caller of the group, waits for its call to be served: the callers of these tests block
   * nowhere else, and only the first call blocks inside the server.
   */
  private static boolean waitsForItsTurn(Thread t) {
    Thread.State state = t.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }

  private static Thread start(GroupCall<String, String> group, String request, List<String> answers) {
    return start(group, request, answers, false);
  }

  /** Starts a caller of {@code request} that says it calls again at once after any answer when {@code again}. */
  private static Thread start(GroupCall<String, String> group, String request, List<String> answers,
      boolean again) {
    Thread t = new Thread(() -> answers.add(request + "=" + group.call(request, answer -> again)));
    t.start();
    return t;
  }

  @Test
  void callsArrivingWhileOneIsUnderWayAreServedTogetherInArrivalOrder() throws Exception {
    // GIVEN a call under way
    UnderWay u = new UnderWay();
    // WHEN two more arrive meanwhile, one after the other
    List<String> answers = new CopyOnWriteArrayList<>();
    Thread b = start(u.group, "b", answers);
    awaitWaiting(List.of(b), 1);
    Thread c = start(u.group, "c", answers);
    awaitWaiting(List.of(b, c), 2);
    u.server.releaseFirst.countDown();
    // THEN they are served by one more call, each with its own answer
    assertThat(u.first.get(10, TimeUnit.SECONDS)).isEqualTo("A");
    b.join(10_000);
    c.join(10_000);
    assertThat(u.server.batches).containsExactly(List.of("a"), List.of("b", "c"));
    assertThat(answers).containsExactlyInAnyOrder("b=B", "c=C");
  }

  @Test
  void aFailureReachesEveryCallItServedAndTheNextCallsAreServedAfresh() throws Exception {
    // GIVEN a call under way, and two calls waiting whose joint call will fail
    UnderWay u = new UnderWay();
    u.server.failSecond = new IllegalStateException("database gone");
    List<String> failures = new CopyOnWriteArrayList<>();
    List<Thread> waiting = new ArrayList<>();
    for (String r : List.of("b", "c")) {
      Thread t = new Thread(() -> {
        try {
          u.group.call(r);
        } catch (IllegalStateException e) {
          failures.add(r + ": " + e.getMessage());
        }
      });
      t.start();
      waiting.add(t);
    }
    awaitWaiting(waiting, 2);
    // WHEN the call under way ends
    u.server.releaseFirst.countDown();
    // THEN the first succeeds, and both waiting calls fail with the failure of their joint call
    assertThat(u.first.get(10, TimeUnit.SECONDS)).isEqualTo("A");
    for (Thread t : waiting) {
      t.join(10_000);
    }
    assertThat(failures).containsExactlyInAnyOrder("b: database gone", "c: database gone");
    assertThat(u.server.batches).hasSize(2);
    assertThat(u.server.batches.get(1)).containsExactlyInAnyOrder("b", "c");
    // AND a later call is served on its own
    u.server.failSecond = null;
    assertThat(u.group.call("d")).isEqualTo("D");
  }

  @Test
  void aWaitingCallerThatIsInterruptedStillGetsItsAnswerAndKeepsTheInterrupt() throws Exception {
    // GIVEN a call under way and one waiting behind it
    UnderWay u = new UnderWay();
    CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
    List<String> answers = new CopyOnWriteArrayList<>();
    Thread b = new Thread(() -> {
      answers.add(u.group.call("b"));
      interruptedAfter.complete(Thread.currentThread().isInterrupted());
    });
    b.start();
    awaitWaiting(List.of(b), 1);
    // WHEN it is interrupted while waiting, and the call under way then ends
    b.interrupt();
    u.server.releaseFirst.countDown();
    // THEN it still receives its answer (its jobs would otherwise be claimed for nobody) with the interrupt kept
    assertThat(u.first.get(10, TimeUnit.SECONDS)).isEqualTo("A");
    assertThat(interruptedAfter.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(answers).containsExactly("B");
  }

  @Test
  void cheapCallsAreMadeSideBySideWithoutWaitingForTurns() throws Exception {
    // GIVEN calls that have been cheap (the in-memory repository), and one of them under way
    Server server = new Server();
    GroupCall<String, String> group = new GroupCall<>(server, Long.MAX_VALUE, GroupCall.GATHER_NANOS);
    CompletableFuture<String> first = callAsync(group, "a");
    await(server.firstStarted);
    // WHEN another call arrives meanwhile
    String second = CompletableFuture.supplyAsync(() -> group.call("b")).get(10, TimeUnit.SECONDS);
    // THEN it is made at once, on its own, while the first is still under way
    assertThat(second).isEqualTo("B");
    assertThat(first).isNotDone();
    server.releaseFirst.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("A");
    assertThat(server.batches).containsExactly(List.of("a"), List.of("b"));
  }

  /** A call under way for "a", whose caller will call again at once, and a call "b" waiting behind it. */
  private static final class ComingBack {
    final Server server = new Server();
    final GroupCall<String, String> group;
    final List<String> answers = new CopyOnWriteArrayList<>();
    final Thread a;
    final Thread b;

    ComingBack(long gatherNanos) throws InterruptedException {
      group = new GroupCall<>(server, 0, gatherNanos);
      a = start(group, "a", answers, true);
      await(server.firstStarted);
      b = start(group, "b", answers);
      awaitWaiting(List.of(b), 1);
    }

    /** Ends the call under way and waits until its caller has its answer. */
    void endFirstCall() throws InterruptedException {
      server.releaseFirst.countDown();
      a.join(10_000);
    }
  }

  @Test
  void theNextCallWaitsForTheCallersThatCallAgainAndTheLastOfThemStartsIt() throws Exception {
    // GIVEN a call under way for a caller that will call again at once, and another call waiting behind it
    ComingBack c = new ComingBack(TimeUnit.MINUTES.toNanos(1));
    // WHEN the call under way ends
    c.endFirstCall();
    // THEN the waiting call does not start without the caller that comes back
    awaitGathering(c.b);
    assertThat(c.server.batches).containsExactly(List.of("a"));
    // AND when that caller calls again, one call serves both
    assertThat(c.group.call("a2")).isEqualTo("A2");
    c.b.join(10_000);
    assertThat(c.server.batches).containsExactly(List.of("a"), List.of("b", "a2"));
    assertThat(c.answers).containsExactlyInAnyOrder("a=A", "b=B");
  }

  @Test
  void whenNoCallWaitsTheFirstCallerBackWaitsForTheOthersOfItsCall() throws Exception {
    // GIVEN two callers that will call again, served together after a first call
    UnderWay u = new UnderWay(TimeUnit.MINUTES.toNanos(1));
    List<String> answers = new CopyOnWriteArrayList<>();
    Thread a = start(u.group, "a", answers, true);
    awaitWaiting(List.of(a), 1);
    Thread b = start(u.group, "b", answers, true);
    awaitWaiting(List.of(a, b), 2);
    u.server.releaseFirst.countDown();
    a.join(10_000);
    b.join(10_000);
    assertThat(u.server.batches).containsExactly(List.of("x"), List.of("a", "b"));
    // WHEN one of them calls again
    Thread a2 = start(u.group, "a2", answers);
    // THEN its call waits for the other
    awaitGathering(a2);
    assertThat(u.server.batches).hasSize(2);
    // AND the other's call starts one call for both
    assertThat(u.group.call("b2")).isEqualTo("B2");
    a2.join(10_000);
    assertThat(u.server.batches).containsExactly(List.of("x"), List.of("a", "b"), List.of("a2", "b2"));
    assertThat(answers).containsExactlyInAnyOrder("a=A", "b=B", "a2=A2");
  }

  @Test
  void aCallerThatDoesNotComeBackIsWaitedForOnlyUntilTheDeadline() throws Exception {
    // GIVEN a call under way for a caller that says it will call again, and another call waiting behind it
    ComingBack c = new ComingBack(TimeUnit.MILLISECONDS.toNanos(20));
    // WHEN the call under way ends and its caller never calls again
    c.endFirstCall();
    // THEN the waiting call is served on its own once the deadline has passed
    c.b.join(10_000);
    assertThat(c.b.isAlive()).as("waiting caller served").isFalse();
    assertThat(c.server.batches).containsExactly(List.of("a"), List.of("b"));
    assertThat(c.answers).containsExactlyInAnyOrder("a=A", "b=B");
  }

  @Test
  void anAnswerListOfTheWrongSizeFailsTheCall() {
    GroupCall<String, String> group = new GroupCall<>(requests -> List.of(), 0, GroupCall.GATHER_NANOS);
    assertThatThrownBy(() -> group.call("a")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("0 answers for 1 requests");
  }
}

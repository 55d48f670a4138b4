package dev.pgqueuer.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One kind of repository call of a {@link WakeGroup}'s loops, served together when calls arrive while another is
 * under way, as group commit does for commits: the first call runs at once; the calls that arrive meanwhile wait,
 * and when it returns the first of them runs them all with one call of {@code serve}. A call that finds none under
 * way costs nothing extra. On PostgreSQL each statement has a large fixed cost (measured: one worker claiming 50 at
 * a time drains about 1.7 times as fast as five claiming 10), and serving several loops with one statement saves it
 * (measured gains in {@code docs/benchmarks.md}: the producer-and-workers shape gained, the drain did not). Calls
 * that take less than {@link #COMBINE_ABOVE_NANOS} on average (the in-memory repository's) are made directly, side
 * by side, since a hand-off between threads would cost more than they do.
 *
 * <p>A waiting caller is not interruptible: the call made on its behalf may already have taken effect for it (claimed
 * its jobs), and that result must reach it; an interrupt is kept for the caller. When {@code serve} throws, every
 * call it served throws the same exception. Thread-safe.
 *
 * @param <Q> a request
 * @param <A> its answer
 */
final class GroupCall<Q, A> {

  /**
   * Calls are combined only while they take longer than this on average: a waiting caller is parked and unparked,
   * which costs tens of microseconds, more than a whole call to the in-memory repository.
   */
  static final long COMBINE_ABOVE_NANOS = 100_000L;

  private final Function<List<Q>, List<A>> serve;
  private final long combineAboveNanos;
  private final long sampleCap;
  // A moving average of call durations, from 0: calls are made directly until they prove slow. Racy updates are
  // harmless: it only chooses between two correct paths.
  private volatile long averageNanos;
  private boolean busy;
  private List<Call<Q, A>> waiting = new ArrayList<>();

  /**
   * @param serve answers a list of requests (one or more) with one answer per request, in order; atomic for all of
   *     them, or throwing for all of them
   */
  GroupCall(Function<List<Q>, List<A>> serve) {
    this(serve, COMBINE_ABOVE_NANOS);
  }

  /**
   * As {@link #GroupCall(Function)}, combining while calls take {@code combineAboveNanos} or more on average (0:
   * always, {@link Long#MAX_VALUE}: never).
   */
  GroupCall(Function<List<Q>, List<A>> serve, long combineAboveNanos) {
    this.serve = serve;
    this.combineAboveNanos = combineAboveNanos;
    this.sampleCap = combineAboveNanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * combineAboveNanos;
  }

  /** One call and, once served, its answer. */
  private static final class Call<Q, A> {
    final Q request;
    final Thread owner = Thread.currentThread();
    volatile @Nullable A answer;
    volatile @Nullable Throwable failure;
    // Set (before done) when this call is to run the calls waiting with it, itself first.
    volatile @Nullable List<Call<Q, A>> toRun;
    volatile boolean done;

    Call(Q request) {
      this.request = request;
    }

    void release() {
      done = true;
      LockSupport.unpark(owner);
    }

    A answer() {
      Throwable t = failure;
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
      return Objects.requireNonNull(answer, "cannot happen: a call ended without answer or failure");
    }
  }

  /**
   * Makes the call for {@code request}: at once when none is under way, else together with the others that arrive
   * meanwhile.
   *
   * @throws RuntimeException what {@code serve} threw
   */
  A call(Q request) {
    if (averageNanos < combineAboveNanos) {
      // Cheap calls (the in-memory repository): waiting for a turn would cost more than the call.
      long start = System.nanoTime();
      A answer = serve.apply(List.of(request)).get(0);
      record(System.nanoTime() - start);
      return answer;
    }
    Call<Q, A> me = new Call<>(request);
    List<Call<Q, A>> run;
    synchronized (this) {
      if (busy) {
        waiting.add(me);
        run = null;
      } else {
        busy = true;
        run = List.of(me);
      }
    }
    if (run == null) {
      run = awaitTurn(me);
      if (run == null) {
        return me.answer();
      }
    }
    serve(run);
    return me.answer();
  }

  /**
   * Adds a call's duration to the average, capped at twice the threshold: on a busy machine a cheap call is now and
   * then descheduled for milliseconds, and one such outlier must not switch cheap calls to waiting for turns.
   */
  private void record(long nanos) {
    long sample = Math.min(nanos, sampleCap);
    averageNanos += (sample - averageNanos) / 8;
  }

  /** Waits until {@code me} is served (null) or is to run the calls returned, itself first. */
  private static <Q, A> @Nullable List<Call<Q, A>> awaitTurn(Call<Q, A> me) {
    boolean interrupted = false;
    while (!me.done) {
      LockSupport.park(me);
      if (Thread.interrupted()) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return me.toRun;
  }

  /** Serves {@code run} (the caller's call first), completes the others, and passes the turn on. */
  private void serve(List<Call<Q, A>> run) {
    long start = System.nanoTime();
    try {
      List<Q> requests = new ArrayList<>(run.size());
      for (Call<Q, A> c : run) {
        requests.add(c.request);
      }
      List<A> answers = serve.apply(requests);
      if (answers.size() != run.size()) {
        throw new IllegalStateException(answers.size() + " answers for " + run.size() + " requests");
      }
      for (int i = 0; i < run.size(); i++) {
        run.get(i).answer = answers.get(i);
      }
    } catch (RuntimeException | Error e) {
      for (Call<Q, A> c : run) {
        c.failure = e;
      }
    } finally {
      record(System.nanoTime() - start);
      List<Call<Q, A>> next;
      synchronized (this) {
        if (waiting.isEmpty()) {
          busy = false;
          next = null;
        } else {
          next = waiting;
          waiting = new ArrayList<>();
        }
      }
      for (int i = 1; i < run.size(); i++) {
        run.get(i).release();
      }
      if (next != null) {
        Call<Q, A> first = next.get(0);
        first.toRun = next;
        first.release();
      }
    }
  }
}

package dev.pgqueuer.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One kind of repository call of a {@link WakeGroup}'s loops, served together when calls arrive while another is
 * under way, as group commit does for commits: the first call runs at once; the calls that arrive meanwhile wait,
 * and when it returns the first of them runs them all with one call of {@code serve}. A call that finds none under
 * way costs nothing extra. On PostgreSQL each statement has a large fixed cost (measured: one worker claiming 50 at
 * a time drains about 1.7 times as fast as five claiming 10), and serving several loops with one statement saves it
 * (measured in {@code docs/benchmarks.md}: the producer-and-workers shape gained at once, the drain once the next
 * call waited for the callers that come back, below). Calls that take less than {@link #COMBINE_ABOVE_NANOS} on
 * average (the in-memory repository's) are made directly, side by side, since a hand-off between threads would cost
 * more than they do.
 *
 * <p>A caller may say that it will call again at once after some answers (a fetch loop that claimed a full batch and
 * has room for another). The next call then waits for those callers before it starts: the last of them to arrive
 * starts it, or the first caller waiting does once {@link #GATHER_NANOS} have passed (a bound for a caller that
 * does not come back after all). Without that, five loops under a backlog split into two alternating calls, the
 * loops served by one call arriving just after the next has started (measured: claims of 20 and 30 jobs instead of
 * 50, in {@code docs/benchmarks.md}).
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

  /**
   * The longest a call waits for the callers that said they would call again at once: under a backlog on
   * PostgreSQL they come back within a few hundred microseconds, and a claim takes one to three milliseconds.
   */
  static final long GATHER_NANOS = 1_000_000L;

  private final Function<List<Q>, List<A>> serve;
  private final long combineAboveNanos;
  private final long sampleCap;
  private final long gatherNanos;
  // A moving average of call durations, from 0: calls are made directly until they prove slow. Racy updates are
  // harmless: it only chooses between two correct paths.
  private volatile long averageNanos;
  // Guarded by this. busy: a call is under way or forming. A call is forming while it waits for the awaited callers
  // (those of the last call that are to call again at once) until gatherDeadline; the gatherer is the waiting call
  // that starts it at the deadline, unless the last awaited caller arrives first and starts it.
  private boolean busy;
  private List<Call<Q, A>> waiting = new ArrayList<>();
  private int awaited;
  private long gatherDeadline;
  private @Nullable Call<Q, A> gatherer;

  /**
   * @param serve answers a list of requests (one or more) with one answer per request, in order; atomic for all of
   *     them, or throwing for all of them
   */
  GroupCall(Function<List<Q>, List<A>> serve) {
    this(serve, COMBINE_ABOVE_NANOS, GATHER_NANOS);
  }

  /**
   * As {@link #GroupCall(Function)}, combining while calls take {@code combineAboveNanos} or more on average (0:
   * always, {@link Long#MAX_VALUE}: never), and waiting at most {@code gatherNanos} for callers that call again.
   */
  GroupCall(Function<List<Q>, List<A>> serve, long combineAboveNanos, long gatherNanos) {
    this.serve = serve;
    this.combineAboveNanos = combineAboveNanos;
    this.sampleCap = combineAboveNanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * combineAboveNanos;
    this.gatherNanos = gatherNanos;
  }

  /** One call and, once served, its answer. */
  private static final class Call<Q, A> {
    final Q request;
    final Predicate<? super A> callsAgainAfter;
    final Thread owner = Thread.currentThread();
    volatile @Nullable A answer;
    volatile @Nullable Throwable failure;
    // Set (before the owner is woken) when this call is to run these calls, itself among them.
    volatile @Nullable List<Call<Q, A>> toRun;
    volatile boolean done;

    Call(Q request, Predicate<? super A> callsAgainAfter) {
      this.request = request;
      this.callsAgainAfter = callsAgainAfter;
    }

    void release() {
      done = true;
      LockSupport.unpark(owner);
    }

    void lead(List<Call<Q, A>> run) {
      toRun = run;
      LockSupport.unpark(owner);
    }

    boolean callsAgain() {
      A a = answer;
      return failure == null && a != null && callsAgainAfter.test(a);
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
    return call(request, answer -> false);
  }

  /**
   * As {@link #call(Object)}, where the caller will call again at once after an answer that passes
   * {@code callsAgainAfter}: the next call waits a little for it.
   */
  A call(Q request, Predicate<? super A> callsAgainAfter) {
    if (averageNanos < combineAboveNanos) {
      // Cheap calls (the in-memory repository): waiting for a turn would cost more than the call.
      long start = System.nanoTime();
      A answer = serve.apply(List.of(request)).get(0);
      record(System.nanoTime() - start);
      return answer;
    }
    Call<Q, A> me = new Call<>(request, callsAgainAfter);
    List<Call<Q, A>> run = null;
    synchronized (this) {
      waiting.add(me);
      if (!busy) {
        busy = true;
        if (awaited > 0 && gatherDeadline - System.nanoTime() > 0 && --awaited > 0) {
          gatherer = me;
        } else {
          run = take();
        }
      } else if (gatherer != null && --awaited == 0) {
        run = take();
      }
    }
    if (run == null) {
      run = awaitTurn(me);
      if (run == null) {
        return me.answer();
      }
    }
    serve(run, me);
    return me.answer();
  }

  /** The waiting calls, which become the forming call: no longer awaited, nor gathered. Called with the lock held. */
  private List<Call<Q, A>> take() {
    List<Call<Q, A>> run = waiting;
    waiting = new ArrayList<>();
    awaited = 0;
    gatherer = null;
    return run;
  }

  /**
   * Adds a call's duration to the average, capped at twice the threshold: on a busy machine a cheap call is now and
   * then descheduled for milliseconds, and one such outlier must not switch cheap calls to waiting for turns.
   */
  private void record(long nanos) {
    long sample = Math.min(nanos, sampleCap);
    averageNanos += (sample - averageNanos) / 8;
  }

  /**
   * Waits until {@code me} is served (null) or is to run the calls returned: handed them when a call ends, or as the
   * gatherer once the deadline has passed.
   */
  private @Nullable List<Call<Q, A>> awaitTurn(Call<Q, A> me) {
    boolean interrupted = false;
    try {
      while (true) {
        if (me.done) {
          return null;
        }
        List<Call<Q, A>> run = me.toRun;
        if (run != null) {
          return run;
        }
        long wait = 0;
        synchronized (this) {
          if (gatherer == me) {
            wait = gatherDeadline - System.nanoTime();
            if (wait <= 0) {
              return take();
            }
          }
        }
        if (wait > 0) {
          LockSupport.parkNanos(me, wait);
        } else {
          LockSupport.park(me);
        }
        if (Thread.interrupted()) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Serves {@code run} (which holds the caller's call {@code me}), completes the others, and passes the turn on. */
  private void serve(List<Call<Q, A>> run, Call<Q, A> me) {
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
      long end = System.nanoTime();
      record(end - start);
      passTurn(run, end);
      for (Call<Q, A> c : run) {
        if (c != me) {
          c.release();
        }
      }
    }
  }

  /**
   * Ends the call that served {@code run}: the next call waits for the callers of {@code run} that call again at
   * once, formed by the first call waiting or, when none waits, by the next to arrive.
   */
  private void passTurn(List<Call<Q, A>> run, long end) {
    int again = 0;
    for (Call<Q, A> c : run) {
      if (c.callsAgain()) {
        again++;
      }
    }
    Call<Q, A> next = null;
    List<Call<Q, A>> nextRun = null;
    synchronized (this) {
      awaited = again;
      gatherDeadline = end + gatherNanos;
      if (waiting.isEmpty()) {
        busy = false;
      } else if (again == 0) {
        nextRun = take();
        next = nextRun.get(0);
      } else {
        gatherer = waiting.get(0);
        next = gatherer;
      }
    }
    if (nextRun != null) {
      next.lead(nextRun);
    } else if (next != null) {
      LockSupport.unpark(next.owner);
    }
  }
}

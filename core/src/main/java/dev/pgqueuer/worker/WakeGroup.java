package dev.pgqueuer.worker;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.Repository;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fetch loops of one {@link WorkerGroup} that claim the same entrypoints. A new-work
 * notification wakes one idle loop of the group (the most recently idle), not every loop: with five loops and an
 * insert of one batch, waking all five makes four of them claim nothing, and on PostgreSQL each of those claims is
 * a statement that reads the head of the queue index. A loop that claimed a full batch hands on to one more idle
 * loop, so a backlog still spreads over the group: as new work when it has no room for another batch (its next claim
 * waits for a running job to end, which may take as long as a handler runs), else as a plain hand-off. A notification
 * that finds no loop idle is kept, and the next loop that would go idle looks again instead, so none is lost; a loop
 * that stops after it was woken passes the wake-up on.
 *
 * <p>Claims of members that arrive while another member's claim is under way are served together, with one
 * repository call, and so are their outcome writes ({@link GroupCall}).
 *
 * <p>The group is itself one listener of the repository's shared event subscription ({@link EventFanout}), so it
 * sees each insert event once, however many members it has. Joined and left through its
 * {@link WorkerGroup}. Thread-safe.
 */
final class WakeGroup {

  /** A fetch loop as the group sees it. */
  interface Member {
    /** Wakes the member to look for work; called with the group's lock held, so it must only set a flag. */
    void wakeFromGroup();
  }

  private final ArrayDeque<Member> idle = new ArrayDeque<>();
  // Guarded by the owning WorkerGroup's lock.
  int members;
  // Written under this group's lock; read without it by the fast paths of newWork and handOff. pending implies that
  // no member is idle (a member only registers as idle after taking the news), so news while it is set changes
  // nothing.
  private volatile boolean pending;
  private volatile int idleCount;
  Subscription events = () -> { };
  private final GroupCall<DequeueRequest, List<Job>> claims;
  private final GroupCall<List<JobOutcome>, Integer> outcomes;

  WakeGroup(Repository repository) {
    this.claims = new GroupCall<>(requests -> requests.size() == 1
        ? List.of(repository.dequeue(requests.get(0))) : repository.dequeueAll(requests));
    this.outcomes = new GroupCall<>(batches -> logTogether(repository, batches));
  }

  /**
   * Claims for a member: together with the claims of other members that arrive while one is under way.
   * {@code againWhenFull}: the member claims again at once when this claim fills its batch, so the next claim waits
   * a little for it.
   */
  List<Job> claim(DequeueRequest request, boolean againWhenFull) {
    return againWhenFull ? claims.call(request, jobs -> jobs.size() == request.batchSize()) : claims.call(request);
  }

  /**
   * Writes a member's outcomes: together with the outcomes of other members that arrive while a write is under way.
   *
   * @return the rows logged by the call that wrote them
   */
  int writeOutcomes(List<JobOutcome> batch) {
    return outcomes.call(batch);
  }

  /**
   * One {@code logJobs} call for all the batches, unless two name one job (a stale job re-picked in this JVM and
   * finished by both workers): then one call per batch, in order, and a failure of any fails them all (each member
   * then retries its batch as uncertain, which skips what was written).
   */
  static List<Integer> logTogether(Repository repository, List<List<JobOutcome>> batches) {
    if (batches.size() == 1) {
      return List.of(repository.logJobs(batches.get(0)));
    }
    List<JobOutcome> all = new ArrayList<>();
    Set<JobId> seen = new HashSet<>();
    for (List<JobOutcome> batch : batches) {
      for (JobOutcome o : batch) {
        if (!seen.add(o.id())) {
          List<Integer> counts = new ArrayList<>(batches.size());
          for (List<JobOutcome> b : batches) {
            counts.add(repository.logJobs(b));
          }
          return counts;
        }
      }
      all.addAll(batch);
    }
    return Collections.nCopies(batches.size(), repository.logJobs(all));
  }

  /**
   * A member leaves: a wake-up it received and did not act on ({@code woken}) goes to another member. Called by the
   * owning {@link WorkerGroup}.
   */
  void leaving(Member loop, boolean woken) {
    passOn(loop, woken);
  }

  /** Handles an event of the group's subscription: an insert is new work. */
  void onEvent(QueueEvent event) {
    if (event instanceof TableChangedEvent
        && ((TableChangedEvent) event).operation() == TableOperation.INSERT) {
      newWork();
    }
  }

  /** New work was announced: wakes one idle member, or keeps the news for the next member that would go idle. */
  void newWork() {
    if (pending) {
      return;
    }
    synchronized (this) {
      wakeOne(true);
    }
  }

  /**
   * A member claimed a full batch and will claim again at once: one more idle member looks. When none is idle,
   * nothing is kept, since the caller's own next claim hands off again. (A member with no room left announces
   * {@link #newWork} instead, which is kept.)
   */
  void handOff() {
    if (idleCount == 0) {
      return;
    }
    synchronized (this) {
      wakeOne(false);
    }
  }

  /**
   * Registers {@code loop} as idle.
   *
   * @return false when news arrived while no member was idle: the caller looks again instead of waiting
   */
  synchronized boolean goIdle(Member loop) {
    if (pending) {
      pending = false;
      return false;
    }
    idle.addFirst(loop);
    idleCount = idle.size();
    return true;
  }

  /** The loop stopped waiting (woken, timed out or stopping). */
  synchronized void leaveIdle(Member loop) {
    idle.remove(loop);
    idleCount = idle.size();
  }

  private synchronized void passOn(Member loop, boolean woken) {
    idle.remove(loop);
    idleCount = idle.size();
    if (woken) {
      wakeOne(true);
    }
  }

  /** Called with this group's lock held. */
  private void wakeOne(boolean keepWhenNoneIdle) {
    Member next = idle.pollFirst();
    idleCount = idle.size();
    if (next != null) {
      next.wakeFromGroup();
    } else if (keepWhenNoneIdle) {
      pending = true;
    }
  }
}

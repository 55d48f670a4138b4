package dev.pgqueuer.conformance.lockstep;

import dev.pgqueuer.CancellationEvent;
import dev.pgqueuer.HealthCheckEvent;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.conformance.EventRecorder;
import dev.pgqueuer.port.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies the same step sequence to two repositories, each driven by its own manual clock started at the same
 * instant (clock steps advance both), and compares after every step: the outcome (value or exception), the events
 * it caused, and the full {@link StateDump}. On a divergence it shrinks the sequence (dropping steps while the
 * divergence remains) so that the report is short and replayable from the seed. Not thread-safe.
 */
public final class LockstepRunner {

  /** The most replays one shrink may take, so that a divergence on a slow backend is reported in bounded time. */
  public static final int MAX_SHRINK_REPLAYS = 300;

  private static final String OWN_CHANNEL = "<own channel>";

  private final Function<ManualClock, Repository> left;
  private final Function<ManualClock, Repository> right;

  /**
   * @param left opens a fresh, empty, installed repository on a clock (the reference, e.g. in-memory)
   * @param right opens the repository under comparison
   */
  public LockstepRunner(Function<ManualClock, Repository> left, Function<ManualClock, Repository> right) {
    this.left = Objects.requireNonNull(left, "left");
    this.right = Objects.requireNonNull(right, "right");
  }

  /**
   * Runs one seeded sequence.
   *
   * @return the shrunk divergence, or empty when the backends agreed at every step
   */
  public Optional<Divergence> run(long seed, int steps) {
    List<Step> sequence = new SequenceGenerator(seed).generate(steps);
    Optional<Divergence> found = firstDivergence(seed, sequence);
    if (found.isEmpty()) {
      return found;
    }
    return Optional.of(shrink(seed, found.get()));
  }

  private Divergence shrink(long seed, Divergence divergence) {
    List<Step> current = new ArrayList<>(divergence.steps());
    Divergence best = divergence;
    boolean progress = true;
    int budget = MAX_SHRINK_REPLAYS;
    while (progress && budget > 0) {
      progress = false;
      for (int i = current.size() - 2; i >= 0 && budget-- > 0; i--) {
        List<Step> candidate = new ArrayList<>(current);
        candidate.remove(i);
        Optional<Divergence> again = firstDivergence(seed, candidate);
        if (again.isPresent()) {
          current = new ArrayList<>(again.get().steps());
          best = again.get();
          progress = true;
          break;
        }
      }
    }
    return best;
  }

  /** Replays {@code sequence} and returns the first divergence, with the steps up to and including it. */
  public Optional<Divergence> firstDivergence(long seed, List<Step> sequence) {
    ManualClock leftClock = ManualClock.create();
    ManualClock rightClock = ManualClock.create();
    try (Repository l = left.apply(leftClock);
        Repository r = right.apply(rightClock);
        EventRecorder le = EventRecorder.subscribe(l);
        EventRecorder re = EventRecorder.subscribe(r)) {
      for (int i = 0; i < sequence.size(); i++) {
        Step step = sequence.get(i);
        Outcome lo = step.apply(l, leftClock);
        Outcome ro = step.apply(r, rightClock);
        List<QueueEvent> lev = normalise(le.settle(), l.channel());
        List<QueueEvent> rev = normalise(re.settle(), r.channel());
        String what = null;
        if (!lo.equals(ro)) {
          what = "outcome";
        } else if (!lev.equals(rev)) {
          what = "events " + lev + " vs " + rev;
        } else {
          StateDump ls = StateDump.of(l);
          StateDump rs = StateDump.of(r);
          if (!ls.equals(rs)) {
            what = "state " + ls + " vs " + rs;
          }
        }
        if (what != null) {
          return Optional.of(new Divergence(seed, List.copyOf(sequence.subList(0, i + 1)), lo, ro, what));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Replaces each event's channel by a marker when it is the repository's own channel (isolated queues have their
   * own channel names), leaving any other channel visible as a difference.
   */
  private static List<QueueEvent> normalise(List<QueueEvent> events, String ownChannel) {
    List<QueueEvent> out = new ArrayList<>(events.size());
    for (QueueEvent e : events) {
      String channel = e.channel().equals(ownChannel) ? OWN_CHANNEL : e.channel();
      if (e instanceof TableChangedEvent) {
        TableChangedEvent t = (TableChangedEvent) e;
        out.add(new TableChangedEvent(channel, t.sentAt(), t.operation(), t.table()));
      } else if (e instanceof CancellationEvent) {
        CancellationEvent c = (CancellationEvent) e;
        out.add(new CancellationEvent(channel, c.sentAt(), c.ids()));
      } else if (e instanceof HealthCheckEvent) {
        HealthCheckEvent h = (HealthCheckEvent) e;
        out.add(new HealthCheckEvent(channel, h.sentAt(), h.id()));
      } else {
        throw new IllegalStateException("cannot happen: unknown event type " + e);
      }
    }
    return out;
  }

  /**
   * Where two backends disagreed.
   *
   * @param seed the sequence's seed
   * @param steps the (shrunk) steps; the last one diverged
   * @param left the reference's outcome of the last step
   * @param right the other backend's outcome
   * @param what which comparison failed, with both sides
   */
  public record Divergence(long seed, List<Step> steps, Outcome left, Outcome right, String what) {

    /** A multi-line report: seed, steps, and both sides. */
    public String report() {
      StringBuilder b = new StringBuilder();
      b.append("backends diverged (seed ").append(seed).append(", ").append(steps.size())
          .append(" steps after shrinking) on ").append(what.length() > 4000 ? what.substring(0, 4000) + "…" : what)
          .append('\n');
      for (int i = 0; i < steps.size(); i++) {
        b.append(String.format("  %3d. %s%n", i + 1, steps.get(i)));
      }
      b.append("  left:  ").append(left.brief()).append('\n');
      b.append("  right: ").append(right.brief()).append('\n');
      return b.toString();
    }
  }
}

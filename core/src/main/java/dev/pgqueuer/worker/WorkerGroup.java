package dev.pgqueuer.worker;

import dev.pgqueuer.QueueEventListener;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.port.Repository;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Managers of one JVM that work together: pass one group to the builders of several {@link QueueManager}s over the
 * same repository and they share one event subscription; those that claim the same entrypoints also share new-work
 * notifications (an insert wakes one idle manager, not each) and combine their repository calls as group commit
 * does (claims that arrive while another member's claim is under way are served by one {@code dequeueAll} call, and
 * outcome writes by one {@code logJobs} call). Managers built without a group share nothing.
 *
 * <pre>{@code
 * WorkerGroup group = WorkerGroup.of(repository);
 * for (int i = 0; i < 5; i++) {
 *   QueueManager.builder(repository).group(group).entrypoint("email", handler).build().start();
 * }
 * }</pre>
 *
 * <p>Sharing pays where each repository call has a large fixed cost (PostgreSQL: one worker claiming 50 jobs at a
 * time drains about 1.7 times as fast as five claiming 10). One manager with a larger batch size gets the same
 * effect without a group. A group holds no thread and needs no closing: it subscribes while a member runs. Members
 * must be built over the very repository instance the group was made with (a decorator around it is another
 * repository). Thread-safe.
 */
public final class WorkerGroup {

  private final Repository repository;
  private final EventFanout events;
  private final Map<Set<String>, WakeGroup> byNames = new HashMap<>();

  private WorkerGroup(Repository repository) {
    this.repository = repository;
    this.events = new EventFanout(repository);
  }

  /**
   * A new group for managers over {@code repository}.
   *
   * @throws NullPointerException when {@code repository} is null
   */
  public static WorkerGroup of(Repository repository) {
    return new WorkerGroup(Objects.requireNonNull(repository, "repository"));
  }

  /** The repository its members are built over. */
  public Repository repository() {
    return repository;
  }

  /** Adds {@code listener} to the group's shared event subscription; see {@link EventFanout#subscribe}. */
  Subscription subscribe(QueueEventListener listener) {
    return events.subscribe(listener);
  }

  /**
   * Joins (or creates) the members that claim {@code names}; the first subscribes them to the group's events.
   *
   * @throws RuntimeException when that subscription fails (nothing is left registered)
   */
  synchronized WakeGroup join(Set<String> names) {
    Set<String> key = Set.copyOf(names);
    WakeGroup group = byNames.get(key);
    if (group == null) {
      WakeGroup created = new WakeGroup(repository);
      created.events = events.subscribe(created::onEvent);
      byNames.put(key, created);
      group = created;
    }
    group.members++;
    return group;
  }

  /**
   * {@code loop} leaves the members that claim {@code names}; a wake-up it received and did not act on
   * ({@code woken}) goes to another of them. The last one removes them.
   */
  synchronized void leave(Set<String> names, WakeGroup.Member loop, boolean woken) {
    Set<String> key = Set.copyOf(names);
    WakeGroup group = byNames.get(key);
    if (group == null) {
      return;
    }
    group.leaving(loop, woken);
    if (--group.members == 0) {
      byNames.remove(key);
      group.events.close();
    }
  }

  /** How many running managers claim exactly {@code names} in this group (tests). */
  synchronized int members(Set<String> names) {
    WakeGroup group = byNames.get(Set.copyOf(names));
    return group == null ? 0 : group.members;
  }
}

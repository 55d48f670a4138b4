package dev.pgqueuer.conformance.lockstep;

import dev.pgqueuer.Job;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.QueueStatistics;
import dev.pgqueuer.Schedule;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.Repository;
import java.util.List;

/**
 * A normalised full dump of a repository's observable state: every queue row (key order), the whole log (write
 * order), the queue size table and every schedule (peek order). Reading it has no effect on the state.
 *
 * @param jobs every queue row
 * @param log the whole log
 * @param size the queue size table
 * @param schedules every schedule
 */
public record StateDump(List<Job> jobs, List<LogEntry> log, List<QueueStatistics> size, List<Schedule> schedules) {

  /** Reads the dump of {@code repository}. */
  public static StateDump of(Repository repository) {
    return new StateDump(repository.browseQueue(BrowseQuery.all()), repository.queueLog(), repository.queueSize(),
        repository.peekSchedules());
  }
}

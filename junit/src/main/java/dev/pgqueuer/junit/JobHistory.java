package dev.pgqueuer.junit;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.port.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one job: its queue row, if it still has one, and its log (every status it went through, oldest
 * first), which outlives the row. Taken with {@link #of(Repository, JobId)} or {@link TestQueue#history(JobId)}.
 * Immutable.
 *
 * @param id the job
 * @param row the queue row, {@code null} once the job has finished (or when it never existed)
 * @param log the job's log rows in write order; empty when the job never existed
 */
public record JobHistory(JobId id, @Nullable Job row, List<LogEntry> log) {

  /** @throws NullPointerException for a null id or log */
  public JobHistory {
    Objects.requireNonNull(id, "id");
    log = List.copyOf(log);
  }

  /** Reads the job's row and log from {@code repository} (two calls, not one atomic read). */
  public static JobHistory of(Repository repository, JobId id) {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(id, "id");
    List<LogEntry> log = repository.jobLog(id);
    return new JobHistory(id, repository.findJob(id).orElse(null), log);
  }

  /** Whether the job was ever enqueued (it has log rows). */
  public boolean exists() {
    return !log.isEmpty();
  }

  /** The queue row, while the job has one. */
  public Optional<Job> job() {
    return Optional.ofNullable(row);
  }

  /** The latest logged status (also for finished jobs), empty when the job never existed. */
  public Optional<JobStatus> status() {
    return log.isEmpty() ? Optional.empty() : Optional.of(log.get(log.size() - 1).status());
  }

  /** The logged statuses in write order, e.g. {@code [QUEUED, PICKED, QUEUED, PICKED, SUCCESSFUL]}. */
  public List<JobStatus> statuses() {
    List<JobStatus> out = new ArrayList<>(log.size());
    for (LogEntry e : log) {
      out.add(e.status());
    }
    return out;
  }

  /** Whether the job has finished: its row is gone and its latest status is terminal. */
  public boolean isFinished() {
    return row == null && status().map(JobStatus::isTerminal).orElse(false);
  }
}

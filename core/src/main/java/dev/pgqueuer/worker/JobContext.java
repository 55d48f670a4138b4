package dev.pgqueuer.worker;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.Payload;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.UnitOfWorkPort;
import dev.pgqueuer.tx.UnitOfWork;
import java.time.Instant;
import java.util.List;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link JobHandler} sees of the job it runs: the claimed row, the cancellation signal, the worker's time
 * source and whether the worker is shutting down. One context per run; thread-safe.
 */
public final class JobContext {

  private final Job job;
  private final WorkerId worker;
  private final InstantSource clock;
  private final Cancellation cancellation;
  private final BooleanSupplier shutdownRequested;
  private final UnitOfWorkPort units;

  JobContext(Job job, WorkerId worker, InstantSource clock, Cancellation cancellation,
      BooleanSupplier shutdownRequested, UnitOfWorkPort units) {
    this.units = Objects.requireNonNull(units, "units");
    this.job = Objects.requireNonNull(job, "job");
    this.worker = Objects.requireNonNull(worker, "worker");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
    this.shutdownRequested = Objects.requireNonNull(shutdownRequested, "shutdownRequested");
  }

  /** The job as claimed (status picked, owned by this worker). */
  public Job job() {
    return job;
  }

  /** The job id. */
  public JobId id() {
    return job.id();
  }

  /** The entrypoint. */
  public String entrypoint() {
    return job.entrypoint();
  }

  /** The payload, {@code null} when the job has none. */
  public @Nullable Payload payload() {
    return job.payload();
  }

  /** The headers, empty when none. */
  public Map<String, String> headers() {
    return job.headers();
  }

  /** The number of retries before this run (0 on the first run). */
  public int attempts() {
    return job.attempts();
  }

  /** The job's priority. */
  public int priority() {
    return job.priority();
  }

  /** The worker running the job. */
  public WorkerId workerId() {
    return worker;
  }

  /** The repository's time source (a {@link dev.pgqueuer.ManualClock} in deterministic tests). */
  public InstantSource clock() {
    return clock;
  }

  /** The current instant of {@link #clock()}. */
  public Instant now() {
    return clock.instant();
  }

  /** The job's cancellation signal. */
  public Cancellation cancellation() {
    return cancellation;
  }

  /** Shorthand for {@code cancellation().isCancelled()}. */
  public boolean isCancelled() {
    return cancellation.isCancelled();
  }

  /**
   * Whether the worker has been asked to stop. A stopping worker waits for running handlers; a long handler may
   * check this and throw {@link RetryRequested} to hand its job back early.
   */
  public boolean isShutdownRequested() {
    return shutdownRequested.getAsBoolean();
  }

  /**
   * Records this job as {@code successful} inside {@code uow}, so that the handler's own database work and the job's
   * outcome commit together (or not at all): the transactional completion of {@code docs/semantics.md}. Commit
   * {@code uow} before the handler returns. If it commits, the worker's own outcome write afterwards finds no row
   * and writes nothing, so a crash between the two cannot run the job's effects twice; if it rolls back, the job is
   * still picked and the worker records the handler's result as usual.
   *
   * @return whether the job's row still existed in {@code uow} (false when it was cancelled meanwhile)
   * @throws IllegalArgumentException when the repository cannot join {@code uow}
   */
  public boolean completeIn(UnitOfWork uow) {
    return units.in(uow).logJobs(List.of(JobOutcome.successful(job.id()))) == 1;
  }

  @Override
  public String toString() {
    return "JobContext[job " + job.id() + " of " + job.entrypoint() + ", attempts " + job.attempts() + "]";
  }
}

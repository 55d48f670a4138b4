package dev.pgqueuer.worker;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.WorkerId;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered {@link WorkerListener}s of one worker, called in registration order. A listener that throws is
 * logged at {@code WARN} and does not keep the others from being called nor break the worker. Immutable.
 */
final class Listeners {

  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private final WorkerId worker;
  private final List<WorkerListener> listeners;

  Listeners(WorkerId worker, List<WorkerListener> listeners) {
    this.worker = worker;
    this.listeners = List.copyOf(listeners);
  }

  void jobsClaimed(List<Job> jobs) {
    if (!jobs.isEmpty() && !listeners.isEmpty()) {
      List<Job> copy = List.copyOf(jobs);
      each("jobsClaimed", l -> l.jobsClaimed(copy));
    }
  }

  void jobFinished(JobResult result, long handlerNanos) {
    if (!listeners.isEmpty()) {
      Duration time = Duration.ofNanos(Math.max(0, handlerNanos));
      each("jobFinished", l -> l.jobFinished(result, time));
    }
  }

  void outcomesFlushed(int outcomes, long writeNanos) {
    if (outcomes > 0 && !listeners.isEmpty()) {
      Duration time = Duration.ofNanos(Math.max(0, writeNanos));
      each("outcomesFlushed", l -> l.outcomesFlushed(outcomes, time));
    }
  }

  void outcomesWritten(List<JobId> jobs) {
    if (!jobs.isEmpty() && !listeners.isEmpty()) {
      List<JobId> copy = List.copyOf(jobs);
      each("outcomesWritten", l -> l.outcomesWritten(copy));
    }
  }

  void heartbeatWritten(List<JobId> jobs) {
    if (!jobs.isEmpty() && !listeners.isEmpty()) {
      List<JobId> copy = List.copyOf(jobs);
      each("heartbeatWritten", l -> l.heartbeatWritten(copy));
    }
  }

  private void each(String callback, Consumer<WorkerListener> call) {
    for (WorkerListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) {
          throw e;
        }
        LOG.warn("worker {}: listener {} failed in {}; the worker goes on", worker, listener, callback, e);
      }
    }
  }
}

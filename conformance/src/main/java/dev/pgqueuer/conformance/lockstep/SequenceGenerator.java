package dev.pgqueuer.conformance.lockstep;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.Payload;
import dev.pgqueuer.ScheduleId;
import dev.pgqueuer.TracebackRecord;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.OnConflict;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.port.RetryRequest;
import dev.pgqueuer.port.ScheduleSpec;
import dev.pgqueuer.port.SortOrder;
import dev.pgqueuer.port.StatisticsQuery;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Generates a reproducible random sequence of valid port operations from a seed. It needs no results to choose
 * ids: every enqueue consumes one id per row (docs/semantics.md I1), so the generator knows every allocated id.
 * Not thread-safe.
 */
public final class SequenceGenerator {

  /** Short names, and texts at the input limits: non-BMP characters and exactly {@code Limits.MAX_KEY_BYTES}. */
  private static final String[] ENTRYPOINTS = {"a", "b", "c", "d-\uD834\uDD1E", "é".repeat(512)};
  private static final String[] KEYS = {"k1", "k2", "k3", "k-\uD83D\uDE00", "€".repeat(341) + "k"};
  private static final Duration[] DELAYS = {
    Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(1_000), Duration.ofSeconds(1), Duration.ofSeconds(10)
  };
  private static final Duration[] STEPS = {
    Duration.ofNanos(1_000), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(31)
  };
  private static final Duration[] TIMEOUTS = {Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(30)};
  private static final JobStatus[] OUTCOMES = {
    JobStatus.SUCCESSFUL, JobStatus.EXCEPTION, JobStatus.CANCELED, JobStatus.DELETED, JobStatus.FAILED
  };
  private static final String[][] SCHEDULES = {{"s1", "* * * * *"}, {"s2", "*/5 * * * *"}};
  private static final WorkerId[] WORKERS = {
    new WorkerId(new UUID(0, 1)), new WorkerId(new UUID(0, 2)), new WorkerId(new UUID(0, 3))
  };

  private final Random random;
  private long allocatedJobIds;
  private long allocatedScheduleIds;

  /** A generator for {@code seed}. */
  public SequenceGenerator(long seed) {
    this.random = new Random(seed);
  }

  /** The number of job ids the generated steps allocate so far. */
  public long allocatedJobIds() {
    return allocatedJobIds;
  }

  /** Generates {@code count} steps. */
  public List<Step> generate(int count) {
    List<Step> steps = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      steps.add(next());
    }
    return steps;
  }

  private Step next() {
    int roll = random.nextInt(108);
    if (roll >= 100) {
      return unitOfWork();
    } else if (roll < 20) {
      return enqueue();
    } else if (roll < 32) {
      return dequeue();
    } else if (roll < 38) {
      return dequeueAll();
    } else if (roll < 50) {
      return logJobs();
    } else if (roll < 62) {
      Duration step = pick(STEPS);
      return new Step("advance " + step, (r, c) -> c.advance(step));
    } else if (roll < 66) {
      JobId id = someId();
      Duration delay = random.nextBoolean() ? Duration.ZERO : Duration.ofSeconds(random.nextInt(3));
      boolean trace = random.nextBoolean();
      return new Step("retry " + id + " +" + delay, (r, c) -> r.retryJob(
          new RetryRequest(id, delay, trace ? traceback(id, c.instant()) : null)));
    } else if (roll < 70) {
      List<JobId> ids = someIds();
      return new Step("requeue " + ids, (r, c) -> r.requeueJobs(ids));
    } else if (roll < 74) {
      List<JobId> ids = someIds();
      return new Step("cancel " + ids, (r, c) -> r.cancelJobs(ids));
    } else if (roll < 78) {
      List<JobId> ids = someIds();
      return new Step("heartbeat " + ids, (r, c) -> r.updateHeartbeat(ids));
    } else if (roll < 80) {
      EntrypointScope scope = random.nextInt(3) == 0 ? EntrypointScope.all() : EntrypointScope.of(pick(ENTRYPOINTS));
      return new Step("clear " + scope, (r, c) -> {
        r.clearQueue(scope);
        return null;
      });
    } else if (roll < 90) {
      return read();
    } else {
      return schedule();
    }
  }

  private Step enqueue() {
    EnqueueRequest request = enqueueRequest();
    return new Step("enqueue " + request.jobs() + " " + request.onConflict(), (r, c) -> r.enqueue(request));
  }

  /** One call inside a unit of work: the writes, {@code findJob} inside, and reads and claims outside. */
  @FunctionalInterface
  private interface UnitCall {
    Object apply(QueueWrites inside, Repository outside, ManualClock clock);
  }

  /**
   * A unit of work: begin, one to five calls (writes and reads inside it; reads, claims and clock steps outside,
   * which never wait for it), then commit or roll back. Each inner call's result or failure is part of the step's
   * value. No outside write: on one thread it would wait for the open unit (docs/semantics.md U6).
   */
  private Step unitOfWork() {
    int n = 1 + random.nextInt(5);
    List<String> names = new ArrayList<>();
    List<UnitCall> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<JobId> ids = someIds();
      switch (random.nextInt(9)) {
        case 0, 1 -> {
          EnqueueRequest request = enqueueRequest();
          names.add("enqueue " + request.jobs() + " " + request.onConflict());
          calls.add((w, r, c) -> w.enqueue(request));
        }
        case 2 -> {
          List<JobOutcome> outcomes = new ArrayList<>();
          ids.forEach(id -> outcomes.add(new JobOutcome(id, pick(OUTCOMES), null)));
          names.add("logJobs " + outcomes);
          calls.add((w, r, c) -> w.logJobs(outcomes));
        }
        case 3 -> {
          JobId id = someId();
          Duration delay = Duration.ofSeconds(random.nextInt(3));
          names.add("retry " + id + " +" + delay);
          calls.add((w, r, c) -> w.retryJob(RetryRequest.of(id, delay)));
        }
        case 4 -> {
          names.add("requeue " + ids);
          calls.add((w, r, c) -> w.requeueJobs(ids));
        }
        case 5 -> {
          names.add("cancel " + ids);
          calls.add((w, r, c) -> w.cancelJobs(ids));
        }
        case 6 -> {
          JobId id = someId();
          names.add("findJob inside " + id);
          calls.add((w, r, c) -> w.findJob(id));
        }
        case 7 -> {
          DequeueRequest request = dequeueRequest(pick(WORKERS));
          names.add("dequeue outside " + request);
          calls.add((w, r, c) -> r.dequeue(request));
        }
        default -> {
          Duration step = pick(STEPS);
          names.add("advance " + step + ", then queueSize and queueLog outside");
          calls.add((w, r, c) -> List.of(c.advance(step), r.queueSize(), r.queueLog()));
        }
      }
    }
    boolean commit = random.nextInt(3) > 0;
    return new Step("unit " + names + (commit ? " commit" : " rollback"), (r, c) -> {
      List<Object> results = new ArrayList<>();
      try (ManagedUnitOfWork uow = r.begin()) {
        QueueWrites inside = r.in(uow);
        for (UnitCall call : calls) {
          try {
            results.add(call.apply(inside, r, c));
          } catch (RuntimeException e) {
            results.add(Outcome.failure(e));
          }
        }
        if (commit) {
          uow.commit();
        } else {
          uow.rollback();
        }
      }
      return results;
    });
  }

  private EnqueueRequest enqueueRequest() {
    int n = 1 + random.nextInt(4);
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NewJob job = NewJob.of(pick(ENTRYPOINTS))
          .withPriority(random.nextInt(4) - 1)
          .withDelay(pick(DELAYS))
          .withDedupeKey(random.nextInt(5) < 3 ? null : pick(KEYS));
      if (random.nextBoolean()) {
        job = job.withPayload(Payload.ofUtf8("p" + random.nextInt(10)));
      }
      if (random.nextInt(4) == 0) {
        job = job.withHeaders(Map.of("h", "v" + random.nextInt(3), "\uD83D\uDE00", "ж"));
      }
      jobs.add(job);
    }
    allocatedJobIds += n;
    OnConflict mode = random.nextBoolean() ? OnConflict.RAISE : OnConflict.SKIP;
    return new EnqueueRequest(jobs, mode);
  }

  private Step dequeue() {
    DequeueRequest request = dequeueRequest(pick(WORKERS));
    return new Step("dequeue " + request, (r, c) -> r.dequeue(request));
  }

  /** Two or three claims in one call: half of the time alike (one statement on PostgreSQL), else independent. */
  private Step dequeueAll() {
    int n = 2 + random.nextInt(2);
    List<DequeueRequest> requests = new ArrayList<>(n);
    DequeueRequest first = dequeueRequest(pick(WORKERS));
    requests.add(first);
    boolean alike = random.nextBoolean();
    for (int i = 1; i < n; i++) {
      WorkerId worker = pick(WORKERS);
      requests.add(alike
          ? new DequeueRequest(1 + random.nextInt(5), first.entrypoints(), worker, null, first.heartbeatTimeout())
          : dequeueRequest(worker));
    }
    return new Step("dequeueAll " + requests, (r, c) -> r.dequeueAll(requests));
  }

  private DequeueRequest dequeueRequest(WorkerId worker) {
    DequeueRequest.Builder b = DequeueRequest.builder(worker)
        .batchSize(1 + random.nextInt(5))
        .heartbeatTimeout(pick(TIMEOUTS));
    for (String e : ENTRYPOINTS) {
      if (random.nextInt(3) > 0) {
        b.entrypoint(e, random.nextInt(3));
      }
    }
    if (random.nextInt(3) == 0) {
      b.workerLimit(1 + random.nextInt(4));
    }
    return b.build();
  }

  private Step logJobs() {
    List<JobId> ids = someIds();
    List<JobOutcome> outcomes = new ArrayList<>();
    List<Boolean> traces = new ArrayList<>();
    for (JobId id : ids) {
      outcomes.add(new JobOutcome(id, pick(OUTCOMES), null));
      traces.add(random.nextBoolean());
    }
    return new Step("logJobs " + outcomes, (r, c) -> {
      List<JobOutcome> withTraces = new ArrayList<>();
      for (int i = 0; i < outcomes.size(); i++) {
        JobOutcome o = outcomes.get(i);
        withTraces.add(new JobOutcome(o.id(), o.status(), traces.get(i) ? traceback(o.id(), c.instant()) : null));
      }
      return r.logJobs(withTraces);
    });
  }

  private Step read() {
    Set<String> eps = someEntrypoints();
    List<JobId> ids = someIds();
    switch (random.nextInt(9)) {
      case 0: return new Step("queueSize", (r, c) -> r.queueSize());
      case 1: return new Step("jobStatus " + ids, (r, c) -> r.jobStatus(ids));
      case 2: return new Step("queuedWork " + eps, (r, c) -> r.queuedWork(eps));
      case 3: return new Step("eligibleQueuedWork " + eps, (r, c) -> r.eligibleQueuedWork(eps));
      case 4: return new Step("nextDeferredEta " + eps, (r, c) -> r.nextDeferredEta(eps));
      case 5: {
        SortOrder order = random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC;
        int limit = random.nextInt(4);
        return new Step("listFailedJobs " + limit + " " + order, (r, c) -> r.listFailedJobs(limit, order));
      }
      case 6: return new Step("aggregateLogs", (r, c) -> {
        r.aggregateLogs();
        return null;
      });
      case 7: {
        StatisticsQuery q = new StatisticsQuery(random.nextBoolean() ? null : random.nextInt(5),
            random.nextBoolean() ? null : Duration.ofSeconds(random.nextInt(40)));
        return new Step("logStatistics " + q, (r, c) -> r.logStatistics(q));
      }
      default: {
        EntrypointScope scope = random.nextBoolean() ? EntrypointScope.all() : EntrypointScope.of(pick(ENTRYPOINTS));
        return new Step("clearStatistics " + scope, (r, c) -> {
          r.clearStatistics(scope);
          return null;
        });
      }
    }
  }

  private Step schedule() {
    List<ScheduleSpec> specs = new ArrayList<>();
    for (String[] s : SCHEDULES) {
      if (random.nextBoolean()) {
        specs.add(ScheduleSpec.of(s[0], s[1], Duration.ofSeconds(random.nextInt(3) * 30L)));
      }
    }
    List<ScheduleId> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ids.add(ScheduleId.of(1 + random.nextInt((int) Math.max(1, allocatedScheduleIds + 1))));
    }
    switch (random.nextInt(6)) {
      case 0:
        allocatedScheduleIds += specs.size();
        return new Step("insertSchedules " + specs, (r, c) -> r.insertSchedules(specs));
      case 1: return new Step("fetchDueSchedules " + specs, (r, c) -> r.fetchDueSchedules(specs));
      case 2: return new Step("markSchedulesQueued " + ids, (r, c) -> r.markSchedulesQueued(ids));
      case 3: return new Step("updateScheduleHeartbeat " + ids, (r, c) -> r.updateScheduleHeartbeat(ids));
      case 4: {
        Set<ScheduleId> idSet = new LinkedHashSet<>(ids.subList(0, 1));
        Set<String> eps = random.nextBoolean() ? Set.of() : Set.of(SCHEDULES[random.nextInt(2)][0]);
        return new Step("deleteSchedules " + idSet + " " + eps, (r, c) -> r.deleteSchedules(idSet, eps));
      }
      default: return new Step("peekSchedules", (r, c) -> r.peekSchedules());
    }
  }

  private JobId someId() {
    return JobId.of(1 + random.nextInt((int) allocatedJobIds + 2));
  }

  private List<JobId> someIds() {
    int n = random.nextInt(4);
    LinkedHashSet<JobId> ids = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      ids.add(someId());
    }
    return new ArrayList<>(ids);
  }

  private Set<String> someEntrypoints() {
    Set<String> out = new LinkedHashSet<>();
    for (String e : ENTRYPOINTS) {
      if (random.nextBoolean()) {
        out.add(e);
      }
    }
    return out;
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private static TracebackRecord traceback(JobId id, java.time.Instant at) {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("entrypoint", "x");
    return new TracebackRecord(id, at, "IllegalStateException", "boom " + id, "trace", context);
  }
}

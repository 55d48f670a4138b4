package dev.pgqueuer.postgres;

import dev.pgqueuer.internal.Batches;
import dev.pgqueuer.Job;
import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.DequeueRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The claims of {@link PostgresRepository}: {@code dequeue}, and {@code dequeueAll}, which serves its requests in one
 * transaction, running each run of consecutive requests that claim alike ({@code Batches.claimAlike}) as one
 * statement of {@link QueueQueries#DEQUEUE}. Thread-safe.
 */
final class ClaimOps {

  /** The most jobs one merged statement claims; a longer run of alike requests is split. */
  static final int MAX_MERGED_BATCH = 1_000;
  private static final int MAX_CACHED_BATCH_SIZES = 64;
  private static final Integer[] NO_KEYS = new Integer[0];

  private final PgContext ctx;
  private final ConcurrentMap<Integer, String> dequeueByBatch = new ConcurrentHashMap<>();
  private final ConcurrentMap<Integer, String> lockingDequeueByBatch = new ConcurrentHashMap<>();

  ClaimOps(PgContext ctx) {
    this.ctx = ctx;
  }

  List<Job> dequeue(DequeueRequest request) {
    return dequeueAll(List.of(Objects.requireNonNull(request, "request"))).get(0);
  }

  List<List<Job>> dequeueAll(List<DequeueRequest> requests) {
    List<DequeueRequest> list = Batches.dequeueRequests(requests);
    Instant now = ctx.now();
    Integer[] lockKeys = lockKeys(list);
    List<List<DequeueRequest>> runs = new ArrayList<>();
    for (int start = 0, end; start < list.size(); start = end) {
      end = runEnd(list, start);
      runs.add(list.subList(start, end));
    }
    // Every lock the call needs is taken first, in key order, as one dequeue does, so that two calls never wait on
    // each other in opposite orders: in the claim's own round trip when there is one run, else on its own before.
    boolean oneRun = runs.size() == 1;
    Integer[] inClaim = oneRun ? lockKeys : NO_KEYS;
    // An explicit transaction, not one round trip: the settings of CLAIM_SETTINGS reach the claim's plan
    // only inside an explicit transaction block (measured: in autocommit the claim was planned without them).
    return ctx.jdbc.transaction("dequeue", c -> {
      if (runs.isEmpty()) {
        ctx.requireInstalled(c, "dequeue");
        return List.of();
      }
      if (!oneRun && lockKeys.length > 0) {
        lock(c, lockKeys);
      }
      List<List<Job>> out = new ArrayList<>(list.size());
      for (List<DequeueRequest> run : runs) {
        claimRun(c, run, now, inClaim, out);
      }
      return List.copyOf(out);
    });
  }

  /** The advisory-lock keys of the limited entrypoints of {@code requests}, sorted and distinct. */
  private static Integer[] lockKeys(List<DequeueRequest> requests) {
    TreeSet<Integer> keys = new TreeSet<>();
    for (DequeueRequest r : requests) {
      r.entrypoints().forEach((ep, limit) -> {
        if (limit > 0) {
          keys.add(ep.hashCode());
        }
      });
    }
    return keys.toArray(new Integer[0]);
  }

  private void lock(Connection c, Integer[] keys) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(QueueQueries.LOCK_ENTRYPOINTS)) {
      new Jdbc.Binder(c, ps).integer(ctx.queueLockKey).array("int4", keys);
      Jdbc.query(ps, 0, rs -> 1);
    }
  }

  /** The end (exclusive) of the run of requests from {@code start} that one statement can serve. */
  private static int runEnd(List<DequeueRequest> list, int start) {
    DequeueRequest first = list.get(start);
    long total = first.batchSize();
    int end = start + 1;
    while (end < list.size() && Batches.claimAlike(first, list.get(end))
        && total + list.get(end).batchSize() <= MAX_MERGED_BATCH) {
      total += list.get(end).batchSize();
      end++;
    }
    return end;
  }

  /**
   * Serves {@code run} (alike requests) with one statement, taking the advisory locks {@code lockKeys} first in the
   * same round trip, and adds one list per request to {@code out}.
   */
  private void claimRun(Connection c, List<DequeueRequest> run, @Nullable Instant now, Integer[] lockKeys,
      List<List<Job>> out) throws SQLException {
    DequeueRequest first = run.get(0);
    Map<String, Integer> eps = first.entrypoints();
    if (eps.isEmpty()) {
      ctx.requireInstalled(c, "dequeue");
      run.forEach(r -> out.add(List.of()));
      return;
    }
    int n = run.size();
    UUID[] workers = new UUID[n];
    Integer[] after = new Integer[n];
    Integer[] upto = new Integer[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      workers[i] = run.get(i).worker().value();
      after[i] = total;
      total += run.get(i).batchSize();
      upto[i] = total;
    }
    String[] names = new String[eps.size()];
    Integer[] limits = new Integer[eps.size()];
    int i = 0;
    for (Map.Entry<String, Integer> e : eps.entrySet()) {
      names[i] = e.getKey();
      limits[i] = e.getValue();
      i++;
    }
    boolean locking = lockKeys.length > 0;
    List<Job> jobs;
    try (PreparedStatement ps = c.prepareStatement(dequeueSql(total, locking))) {
      Jdbc.Binder b = new Jdbc.Binder(c, ps);
      if (locking) {
        b.integer(ctx.queueLockKey).array("int4", lockKeys);
      }
      b.instant(now).uuid(workers[0]).bigint(Times.toMicros(first.heartbeatTimeout()))
          .array("uuid", workers).array("int4", after).array("int4", upto)
          .array("text", names).array("int4", limits)
          .integer(first.workerLimit()).integer(first.workerLimit()).array("text", names)
          .array("text", names);
      jobs = Jdbc.query(ps, locking ? 2 : 1, Rows::job);
    }
    // The rows come in key order, which is the order they were numbered in: request i's share is the next
    // batchSize(i) of them (fewer, or none, once the claimable jobs run out).
    int from = 0;
    for (DequeueRequest r : run) {
      int to = Math.min(jobs.size(), from + r.batchSize());
      out.add(List.copyOf(jobs.subList(from, to)));
      from = to;
    }
  }

  private String dequeueSql(int batchSize, boolean locking) {
    ConcurrentMap<Integer, String> cache = locking ? lockingDequeueByBatch : dequeueByBatch;
    String cached = cache.get(batchSize);
    if (cached != null) {
      return cached;
    }
    String claim = ctx.render(QueueQueries.DEQUEUE.replace("{batch}", Integer.toString(batchSize))
        .replace("{job_columns}", Rows.JOB_COLUMNS));
    String sql = QueueQueries.CLAIM_SETTINGS + (locking ? QueueQueries.LOCK_ENTRYPOINTS : "") + claim;
    if (cache.size() < MAX_CACHED_BATCH_SIZES) {
      cache.putIfAbsent(batchSize, sql);
    }
    return sql;
  }
}

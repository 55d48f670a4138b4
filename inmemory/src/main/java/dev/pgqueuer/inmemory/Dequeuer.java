package dev.pgqueuer.inmemory;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.DequeueRequest;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Map;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;

/**
 * The claim algorithm of {@code docs/semantics.md} §4 over the per-entrypoint indexes: fresh candidates per
 * entrypoint capped by {@code limit - picked}, stale candidates uncapped, the worker budget, and a merge of all
 * candidate streams in key order. Each claimed job costs O(requested entrypoints) peeks plus O(log n) index work;
 * the queue is never scanned. Called under the repository's lock.
 */
final class Dequeuer {

  private final IntArrayList stale = new IntArrayList();

  /** Claims jobs for {@code request} at {@code now}. @return the claimed jobs in key order, as a snapshot */
  ClaimSnapshot dequeue(QueueState s, DequeueRequest request, long now) {
    return dequeue(s, request, now, null);
  }

  /**
   * Claims jobs for {@code request} at {@code now}, skipping picked jobs whose id {@code held} accepts (rows an
   * open unit of work holds; the caller hides held queued jobs). @return the claimed jobs in key order
   */
  ClaimSnapshot dequeue(QueueState s, DequeueRequest request, long now, @Nullable LongPredicate held) {
    Map<String, Integer> requested = request.entrypoints();
    if (requested.isEmpty()) {
      return new ClaimSnapshot(now, request.worker(), 0);
    }
    int batch = request.batchSize();
    int m = requested.size();
    EntrypointState[] eps = new EntrypointState[m];
    int[] cap = new int[m];
    int count = 0;
    int known = s.findWorker(request.worker());
    long load = 0;
    for (Map.Entry<String, Integer> e : requested.entrySet()) {
      EntrypointState ep = s.findEntrypoint(e.getKey());
      if (ep == null) {
        continue;
      }
      int limit = e.getValue();
      if (known != 0) {
        load += ep.pickedBy(known);
      }
      cap[count] = limit == 0 ? batch : Math.max(0, Math.min(batch, limit - ep.pickedCount()));
      eps[count++] = ep;
    }
    if (count == 0) {
      return new ClaimSnapshot(now, request.worker(), 0);
    }
    int k = batch;
    Integer budget = request.workerLimit();
    if (budget != null) {
      if (load >= budget) {
        return new ClaimSnapshot(now, request.worker(), 0);
      }
      k = (int) Math.min(batch, budget - load);
    }
    long threshold = now - Times.toMicros(request.heartbeatTimeout());
    stale.clear();
    int[] cursor = new int[count];
    int[] end = new int[count];
    for (int i = 0; i < count; i++) {
      eps[i].promote(now);
      cursor[i] = stale.size();
      eps[i].staleCandidates(threshold, held == null ? k : Integer.MAX_VALUE, stale);
      if (held != null) {
        int w = cursor[i];
        for (int r = cursor[i]; r < stale.size(); r++) {
          int slot = stale.getInt(r);
          if (!held.test(s.table.id(slot)) && w - cursor[i] < k) {
            stale.set(w++, slot);
          }
        }
        stale.size(w);
      }
      end[i] = stale.size();
    }
    JobTable t = s.table;
    ClaimSnapshot out = new ClaimSnapshot(now, request.worker(), Math.min(k, 64));
    int worker = 0;
    for (int claimed = 0; claimed < k; claimed++) {
      int best = -1;
      int bestEp = -1;
      boolean fresh = false;
      for (int i = 0; i < count; i++) {
        if (cap[i] > 0) {
          int slot = eps[i].peekReady();
          if (slot >= 0 && (best < 0 || before(t, slot, best))) {
            best = slot;
            bestEp = i;
            fresh = true;
          }
        }
        if (cursor[i] < end[i]) {
          int slot = stale.getInt(cursor[i]);
          if (best < 0 || before(t, slot, best)) {
            best = slot;
            bestEp = i;
            fresh = false;
          }
        }
      }
      if (best < 0) {
        break;
      }
      if (worker == 0) {
        worker = s.workerCode(request.worker());
      }
      if (fresh) {
        eps[bestEp].claimReady(best, worker, now);
        cap[bestEp]--;
      } else {
        eps[bestEp].claimStale(best, worker, now);
        cursor[bestEp]++;
      }
      s.log(best, JobStatus.PICKED, now, null);
      out.add(t, best, eps[bestEp].name);
    }
    return out;
  }

  /** Whether {@code a} comes before {@code b} in key order (priority descending, id ascending). */
  private static boolean before(JobTable t, int a, int b) {
    int pa = t.priority(a);
    int pb = t.priority(b);
    return pa != pb ? pa > pb : t.id(a) < t.id(b);
  }
}

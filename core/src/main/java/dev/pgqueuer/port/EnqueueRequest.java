package dev.pgqueuer.port;

import dev.pgqueuer.Payload;
import dev.pgqueuer.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A batch of jobs to enqueue in one atomic call, and what to do on a dedupe conflict.
 *
 * @param jobs the jobs, in order (may be empty: nothing happens and no event is sent)
 * @param onConflict the conflict mode
 */
public record EnqueueRequest(List<NewJob> jobs, OnConflict onConflict) {

  /** @throws NullPointerException when the list, an element or the mode is null */
  public EnqueueRequest {
    jobs = Checks.noNulls(jobs, "jobs");
    Objects.requireNonNull(onConflict, "onConflict");
  }

  /** The jobs in {@code RAISE} mode. */
  public static EnqueueRequest of(NewJob... jobs) {
    return new EnqueueRequest(Arrays.asList(jobs), OnConflict.RAISE);
  }

  /** The jobs in {@code RAISE} mode. */
  public static EnqueueRequest of(List<NewJob> jobs) {
    return new EnqueueRequest(jobs, OnConflict.RAISE);
  }

  /** This request in {@code mode}. */
  public EnqueueRequest onConflict(OnConflict mode) {
    return new EnqueueRequest(jobs, mode);
  }

  /** The number of jobs. */
  public int size() {
    return jobs.size();
  }

  /**
   * Builds a request from parallel columns, PgQueuer's batch shape. {@code entrypoints}, {@code payloads} and
   * {@code priorities} are required; the other columns may be {@code null}, meaning "none for every row".
   * Elements of {@code payloads}, {@code dedupeKeys} and {@code delays} may be null.
   *
   * @throws IllegalArgumentException when the columns have different lengths (naming the column)
   */
  public static EnqueueRequest fromColumns(
      List<String> entrypoints,
      List<@Nullable Payload> payloads,
      List<Integer> priorities,
      @Nullable List<@Nullable Duration> delays,
      @Nullable List<@Nullable String> dedupeKeys,
      @Nullable List<Map<String, String>> headers,
      OnConflict onConflict) {
    Objects.requireNonNull(entrypoints, "entrypoints");
    int n = entrypoints.size();
    checkLength("payloads", Objects.requireNonNull(payloads, "payloads"), n);
    checkLength("priorities", Objects.requireNonNull(priorities, "priorities"), n);
    checkLength("delays", delays, n);
    checkLength("dedupeKeys", dedupeKeys, n);
    checkLength("headers", headers, n);
    List<NewJob> jobs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Integer priority = priorities.get(i);
      if (priority == null) {
        throw new NullPointerException("priorities[" + i + "] must not be null");
      }
      Duration delay = delays == null || delays.get(i) == null ? Duration.ZERO : delays.get(i);
      Map<String, String> h = headers == null ? null : headers.get(i);
      jobs.add(new NewJob(
          entrypoints.get(i), payloads.get(i), priority, delay,
          dedupeKeys == null ? null : dedupeKeys.get(i), h == null ? Map.of() : h));
    }
    return new EnqueueRequest(jobs, onConflict);
  }

  private static void checkLength(String column, @Nullable List<?> list, int expected) {
    if (list != null && list.size() != expected) {
      throw new IllegalArgumentException(
          column + " has " + list.size() + " elements but entrypoints has " + expected + " (ragged batch)");
    }
  }
}

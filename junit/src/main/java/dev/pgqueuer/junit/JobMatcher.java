package dev.pgqueuer.junit;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.Payload;
import dev.pgqueuer.internal.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Which jobs an assertion or a lookup means: a conjunction of criteria on the stored {@link Job}, built fluently and
 * described readably in failure messages, e.g. {@code entrypoint="welcome-mail", payload="ada@example.com"}.
 *
 * <pre>{@code
 * JobMatcher.entrypoint("reminder").delay(Duration.ofDays(3)).header("tenant", "acme")
 * }</pre>
 *
 * <p>Immutable and thread-safe: every method returns a new matcher. Arguments are never {@code null} unless
 * annotated {@code @Nullable}; a {@code null} argument throws {@link NullPointerException}.
 */
public final class JobMatcher implements Predicate<Job> {

  private static final JobMatcher ANY = new JobMatcher(List.of());

  private final List<Criterion> criteria;

  private JobMatcher(List<Criterion> criteria) {
    this.criteria = criteria;
  }

  /** Matches every job. */
  public static JobMatcher any() {
    return ANY;
  }

  /** Matches the jobs of {@code entrypoint}. */
  public static JobMatcher entrypoint(String entrypoint) {
    Objects.requireNonNull(entrypoint, "entrypoint");
    return ANY.and("entrypoint=" + quote(entrypoint), j -> j.entrypoint().equals(entrypoint));
  }

  /** Also requires the job id. */
  public JobMatcher id(JobId id) {
    Objects.requireNonNull(id, "id");
    return and("id=" + id, j -> j.id().equals(id));
  }

  /** Also requires a payload equal to the UTF-8 encoding of {@code utf8}. */
  public JobMatcher payload(String utf8) {
    return payload(Payload.ofUtf8(Objects.requireNonNull(utf8, "utf8")));
  }

  /** Also requires a payload with the same bytes as {@code payload}. */
  public JobMatcher payload(Payload payload) {
    Objects.requireNonNull(payload, "payload");
    return and("payload=" + quote(payload.toUtf8()), j -> payload.equals(j.payload()));
  }

  /** Also requires a payload whose UTF-8 text satisfies {@code test}, described as {@code description}. */
  public JobMatcher payloadMatching(String description, Predicate<String> test) {
    Objects.requireNonNull(test, "test");
    return and("payload " + Objects.requireNonNull(description, "description"),
        j -> j.payload() != null && test.test(j.payload().toUtf8()));
  }

  /** Also requires that the job has no payload. */
  public JobMatcher noPayload() {
    return and("no payload", j -> j.payload() == null);
  }

  /** Also requires the header {@code name} with {@code value} (other headers may be present). */
  public JobMatcher header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return and("header " + quote(name) + "=" + quote(value), j -> value.equals(j.headers().get(name)));
  }

  /** Also requires exactly these headers. */
  public JobMatcher headers(Map<String, String> headers) {
    Map<String, String> expected = Map.copyOf(headers);
    return and("headers=" + expected, j -> j.headers().equals(expected));
  }

  /** Also requires the priority. */
  public JobMatcher priority(int priority) {
    return and("priority=" + priority, j -> j.priority() == priority);
  }

  /**
   * Also requires that the job was enqueued with this delay: {@code executeAfter - created}, to the microsecond. (A
   * retried job's {@code executeAfter} counts from its retry, so use {@link #executeAfter} for those.)
   */
  public JobMatcher delay(Duration delay) {
    long micros = Times.toMicros(Objects.requireNonNull(delay, "delay"));
    return and("delay=" + delay,
        j -> Times.toMicros(j.executeAfter()) - Times.toMicros(j.created()) == micros);
  }

  /** Also requires the earliest pick time (truncated to microseconds). */
  public JobMatcher executeAfter(Instant executeAfter) {
    Instant expected = Times.truncate(Objects.requireNonNull(executeAfter, "executeAfter"));
    return and("executeAfter=" + expected, j -> j.executeAfter().equals(expected));
  }

  /** Also requires the dedupe key; {@code null} requires that the job has none. */
  public JobMatcher dedupeKey(@Nullable String dedupeKey) {
    return and(dedupeKey == null ? "no dedupeKey" : "dedupeKey=" + quote(dedupeKey),
        j -> Objects.equals(j.dedupeKey(), dedupeKey));
  }

  /** Also requires the queue row's status (queued, picked or failed). */
  public JobMatcher status(JobStatus status) {
    Objects.requireNonNull(status, "status");
    return and("status=" + status.dbValue(), j -> j.status() == status);
  }

  /** Also requires the number of retries so far. */
  public JobMatcher attempts(int attempts) {
    return and("attempts=" + attempts, j -> j.attempts() == attempts);
  }

  /** Also requires {@code test}, described as {@code description} in failure messages. */
  public JobMatcher matching(String description, Predicate<Job> test) {
    return and(Objects.requireNonNull(description, "description"), Objects.requireNonNull(test, "test"));
  }

  /** Whether {@code job} meets every criterion. */
  @Override
  public boolean test(Job job) {
    for (Criterion c : criteria) {
      if (!c.test().test(job)) {
        return false;
      }
    }
    return true;
  }

  /** The descriptions of the criteria {@code job} does not meet, in declaration order; empty when it matches. */
  public List<String> mismatches(Job job) {
    List<String> out = new ArrayList<>();
    for (Criterion c : criteria) {
      if (!c.test().test(job)) {
        out.add(c.description());
      }
    }
    return out;
  }

  /** The number of criteria. */
  int size() {
    return criteria.size();
  }

  private JobMatcher and(String description, Predicate<Job> test) {
    List<Criterion> next = new ArrayList<>(criteria.size() + 1);
    next.addAll(criteria);
    next.add(new Criterion(description, test));
    return new JobMatcher(List.copyOf(next));
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }

  /** The criteria, e.g. {@code {entrypoint="mail", priority=5}}; {@code {any job}} when there are none. */
  @Override
  public String toString() {
    if (criteria.isEmpty()) {
      return "{any job}";
    }
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < criteria.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(criteria.get(i).description());
    }
    return b.append('}').toString();
  }

  private record Criterion(String description, Predicate<Job> test) {}
}

package dev.pgqueuer.junit.assertj;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.junit.JobMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Renders queue contents for failure messages: one line per job, in id order, at most {@value #MAX_LINES}. */
final class QueueDescription {

  static final int MAX_LINES = 25;
  private static final int MAX_PAYLOAD = 80;

  private QueueDescription() {}

  /** "the queue is empty" or "the queue holds N jobs:" followed by one indented line per job. */
  static String contents(List<Job> rows, Instant now, @Nullable JobMatcher explainAgainst) {
    if (rows.isEmpty()) {
      return "the queue is empty";
    }
    List<Job> sorted = rows.stream().sorted(Comparator.comparing(Job::id)).collect(Collectors.toList());
    StringBuilder b = new StringBuilder("the queue holds ").append(plural(sorted.size(), "job")).append(':');
    for (int i = 0; i < sorted.size() && i < MAX_LINES; i++) {
      Job job = sorted.get(i);
      b.append("\n  ").append(line(job, now));
      if (explainAgainst != null) {
        List<String> misses = explainAgainst.mismatches(job);
        if (!misses.isEmpty()) {
          b.append("  <- not ").append(String.join(", not ", misses));
        }
      }
    }
    if (sorted.size() > MAX_LINES) {
      b.append("\n  ... and ").append(sorted.size() - MAX_LINES).append(" more");
    }
    return b.toString();
  }

  /** The jobs among {@code rows} that satisfy {@code filter}, one per line. */
  static String lines(List<Job> rows, Instant now, Predicate<Job> filter) {
    return rows.stream().filter(filter).sorted(Comparator.comparing(Job::id))
        .map(j -> "  " + line(j, now)).collect(Collectors.joining("\n"));
  }

  /** One job, e.g. {@code #3 welcome-mail queued priority=0 attempts=0 due now payload="x"}. */
  static String line(Job job, @Nullable Instant now) {
    StringBuilder b = new StringBuilder()
        .append('#').append(job.id()).append(' ').append(job.entrypoint()).append(' ').append(job.status().dbValue())
        .append(" priority=").append(job.priority())
        .append(" attempts=").append(job.attempts())
        .append(' ').append(due(job, now));
    if (job.payload() == null) {
      b.append(" no payload");
    } else {
      String text = job.payload().toUtf8();
      b.append(" payload=\"").append(text.length() > MAX_PAYLOAD ? text.substring(0, MAX_PAYLOAD) + "…" : text)
          .append('"');
    }
    if (!job.headers().isEmpty()) {
      b.append(" headers=").append(new java.util.TreeMap<>(job.headers()));
    }
    if (job.dedupeKey() != null) {
      b.append(" dedupeKey=\"").append(job.dedupeKey()).append('"');
    }
    return b.toString();
  }

  private static String due(Job job, @Nullable Instant now) {
    if (job.status() != JobStatus.QUEUED || now == null) {
      return "executeAfter=" + job.executeAfter();
    }
    Duration eta = Duration.between(now, job.executeAfter());
    if (eta.isZero() || eta.isNegative()) {
      return "due now";
    }
    return "due in " + eta + " (at " + job.executeAfter() + ")";
  }

  /** A log, e.g. {@code [queued, picked, successful]}. */
  static String log(List<LogEntry> log) {
    return log.stream().map(e -> e.status().dbValue()).collect(Collectors.joining(", ", "[", "]"));
  }

  static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}

package dev.pgqueuer.port;

import dev.pgqueuer.WorkerId;
import dev.pgqueuer.internal.Checks;
import dev.pgqueuer.internal.Times;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * What one dequeue may claim. Build with {@link #builder(WorkerId)}.
 *
 * @param batchSize the most jobs to claim, at least 1
 * @param entrypoints entrypoint → fleet-wide concurrency limit (0 = unlimited, never negative); only these
 *     entrypoints are claimed; an empty map claims nothing
 * @param worker the claiming worker
 * @param workerLimit the most jobs of these entrypoints this worker may hold at once (its budget), {@code null}
 *     for no budget; at least 1 when set
 * @param heartbeatTimeout a picked job whose heartbeat is at least this old is stale and may be re-picked; not
 *     negative
 */
public record DequeueRequest(
    int batchSize,
    Map<String, Integer> entrypoints,
    WorkerId worker,
    @Nullable Integer workerLimit,
    Duration heartbeatTimeout) {

  /** The default heartbeat timeout, 30 seconds (PgQueuer's). */
  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

  /** Validates. @throws NullPointerException @throws IllegalArgumentException on bad input, naming it */
  public DequeueRequest {
    Checks.positive(batchSize, "batchSize");
    Objects.requireNonNull(entrypoints, "entrypoints");
    Map<String, Integer> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : entrypoints.entrySet()) {
      Checks.name(e.getKey(), "entrypoints key");
      Integer limit = Objects.requireNonNull(e.getValue(), "entrypoints[" + e.getKey() + "]");
      Checks.nonNegative(limit, "concurrency limit of " + e.getKey());
      copy.put(e.getKey(), limit);
    }
    entrypoints = Map.copyOf(copy);
    Objects.requireNonNull(worker, "worker");
    if (workerLimit != null) {
      Checks.positive(workerLimit, "workerLimit");
    }
    heartbeatTimeout = Times.checkDuration(heartbeatTimeout, "heartbeatTimeout", false);
  }

  /** The worker budget, when set. */
  public OptionalInt workerLimitValue() {
    return workerLimit == null ? OptionalInt.empty() : OptionalInt.of(workerLimit);
  }

  /** The concurrency limit of {@code entrypoint} (0 = unlimited), when it is part of this request. */
  public Optional<Integer> limitOf(String entrypoint) {
    return Optional.ofNullable(entrypoints.get(entrypoint));
  }

  /** A builder: batch size 1, no entrypoints, no worker budget, heartbeat timeout 30 s. */
  public static Builder builder(WorkerId worker) {
    return new Builder(worker);
  }

  /** Builds a {@link DequeueRequest}; not thread-safe. */
  public static final class Builder {
    private final WorkerId worker;
    private final Map<String, Integer> entrypoints = new LinkedHashMap<>();
    private int batchSize = 1;
    private @Nullable Integer workerLimit;
    private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;

    private Builder(WorkerId worker) {
      this.worker = Objects.requireNonNull(worker, "worker");
    }

    /** Sets the batch size. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Adds an entrypoint without a concurrency limit. */
    public Builder entrypoint(String entrypoint) {
      return entrypoint(entrypoint, 0);
    }

    /** Adds an entrypoint with a fleet-wide concurrency limit (0 = unlimited). */
    public Builder entrypoint(String entrypoint, int concurrencyLimit) {
      entrypoints.put(entrypoint, concurrencyLimit);
      return this;
    }

    /** Sets this worker's budget over the request's entrypoints. */
    public Builder workerLimit(int limit) {
      this.workerLimit = limit;
      return this;
    }

    /** Sets the heartbeat timeout. */
    public Builder heartbeatTimeout(Duration timeout) {
      this.heartbeatTimeout = timeout;
      return this;
    }

    /** @throws IllegalArgumentException on bad input */
    public DequeueRequest build() {
      return new DequeueRequest(batchSize, entrypoints, worker, workerLimit, heartbeatTimeout);
    }
  }
}

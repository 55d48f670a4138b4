package dev.pgqueuer.port;

import dev.pgqueuer.internal.Checks;
import dev.pgqueuer.internal.Times;
import java.time.Duration;
import java.util.Set;

/**
 * Which picked jobs {@link QueuePort#nextStaleEta} watches: those of {@code entrypoints}, turning stale
 * {@code heartbeatTimeout} after their last heartbeat.
 *
 * @param entrypoints entrypoint names; never null, no null element; stored as an immutable copy; empty watches none
 * @param heartbeatTimeout how long a heartbeat keeps a job fresh; not negative, within the duration limit
 */
public record StaleQuery(Set<String> entrypoints, Duration heartbeatTimeout) {

  /**
   * @throws NullPointerException when an argument or an entrypoint is null
   * @throws IllegalArgumentException when {@code heartbeatTimeout} is negative or beyond the duration limit
   */
  public StaleQuery {
    entrypoints = Set.copyOf(Checks.noNulls(entrypoints, "entrypoints"));
    heartbeatTimeout = Times.checkDuration(heartbeatTimeout, "heartbeatTimeout", false);
  }
}

package dev.pgqueuer.inmemory;

import dev.pgqueuer.internal.Times;
import java.time.Instant;
import java.util.Arrays;

/**
 * Converts epoch microseconds to {@link Instant}s, re-using recent instances: the rows of one call share their
 * timestamps, so most conversions hit. A small direct-mapped cache; not thread-safe (used under the lock).
 */
final class InstantCache {

  private static final int SIZE = 256;
  private final long[] keys = new long[SIZE];
  private final Instant[] values = new Instant[SIZE];

  InstantCache() {
    Arrays.fill(keys, Long.MIN_VALUE);
  }

  /** The instant {@code micros} after the epoch. */
  Instant of(long micros) {
    int i = (int) (micros ^ (micros >>> 11) ^ (micros >>> 23)) & (SIZE - 1);
    if (keys[i] == micros) {
      return values[i];
    }
    Instant v = Times.fromMicros(micros);
    keys[i] = micros;
    values[i] = v;
    return v;
  }
}

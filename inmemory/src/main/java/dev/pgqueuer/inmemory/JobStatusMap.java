package dev.pgqueuer.inmemory;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code jobStatus}: an immutable map backed by a sorted id array and a parallel status array, so a
 * large lookup allocates two arrays instead of one entry object per id. Iterates in job id order; {@link #get} is a
 * binary search. Equality and hashing follow {@link Map}.
 */
final class JobStatusMap extends AbstractMap<JobId, JobStatus> {

  private static final JobStatus[] STATUSES = JobStatus.values();
  private final long[] ids;
  private final byte[] statuses;
  private final int size;

  /** @param ids ascending, distinct; @param statuses status ordinals; both owned by this map */
  JobStatusMap(long[] ids, byte[] statuses, int size) {
    this.ids = ids;
    this.statuses = statuses;
    this.size = size;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    return key instanceof JobId && Arrays.binarySearch(ids, 0, size, ((JobId) key).value()) >= 0;
  }

  @Override
  public @Nullable JobStatus get(@Nullable Object key) {
    if (!(key instanceof JobId)) {
      return null;
    }
    int i = Arrays.binarySearch(ids, 0, size, ((JobId) key).value());
    return i < 0 ? null : STATUSES[statuses[i]];
  }

  @Override
  public Set<Entry<JobId, JobStatus>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Entry<JobId, JobStatus>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<JobId, JobStatus> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(new JobId(ids[i]), STATUSES[statuses[i]]);
          }
        };
      }
    };
  }
}

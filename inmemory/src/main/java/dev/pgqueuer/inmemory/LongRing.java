package dev.pgqueuer.inmemory;

import java.util.Arrays;

/**
 * A growable circular buffer of longs with random access, optionally with an int tag per element. Unlike
 * fastutil's array FIFO it never shrinks on its own, so a queue that fills and drains every call does not
 * re-allocate. Not thread-safe.
 */
final class LongRing {

  private long[] values;
  private int[] tags;
  private final boolean tagged;
  private int head;
  private int size;

  /** @param tagged whether each element carries an int tag */
  LongRing(boolean tagged) {
    this.tagged = tagged;
    this.values = new long[16];
    this.tags = tagged ? new int[16] : new int[0];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Appends at the tail. */
  void add(long value, int tag) {
    if (size == values.length) {
      grow();
    }
    int i = (head + size) & (values.length - 1);
    values[i] = value;
    if (tagged) {
      tags[i] = tag;
    }
    size++;
  }

  /** The element {@code index} positions after the head. */
  long get(int index) {
    return values[(head + index) & (values.length - 1)];
  }

  /** The tag of the element {@code index} positions after the head. */
  int tag(int index) {
    return tags[(head + index) & (values.length - 1)];
  }

  /** The last element; the ring must not be empty. */
  long last() {
    return values[(head + size - 1) & (values.length - 1)];
  }

  /** Drops the head element. */
  void removeFirst() {
    head = (head + 1) & (values.length - 1);
    size--;
  }

  /** Keeps only the elements for which {@code keep} answers true, in order. */
  void retain(Filter keep) {
    int n = 0;
    int mask = values.length - 1;
    for (int k = 0; k < size; k++) {
      int i = (head + k) & mask;
      long v = values[i];
      int t = tagged ? tags[i] : 0;
      if (keep.test(v, t)) {
        int j = (head + n) & mask;
        values[j] = v;
        if (tagged) {
          tags[j] = t;
        }
        n++;
      }
    }
    size = n;
  }

  /** Empties the ring and releases a large array. */
  void clear() {
    head = 0;
    size = 0;
    if (values.length > 1024) {
      values = new long[16];
      tags = tagged ? new int[16] : tags;
    }
  }

  private void grow() {
    int n = values.length * 2;
    long[] v = new long[n];
    int[] t = tagged ? new int[n] : tags;
    for (int k = 0; k < size; k++) {
      int i = (head + k) & (values.length - 1);
      v[k] = values[i];
      if (tagged) {
        t[k] = tags[i];
      }
    }
    values = v;
    tags = t;
    head = 0;
  }

  /** A predicate over (value, tag). */
  @FunctionalInterface
  interface Filter {
    boolean test(long value, int tag);
  }

  @Override
  public String toString() {
    long[] out = new long[size];
    for (int k = 0; k < size; k++) {
      out[k] = get(k);
    }
    return Arrays.toString(out);
  }
}

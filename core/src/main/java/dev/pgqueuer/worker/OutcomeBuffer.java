package dev.pgqueuer.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writes of finished jobs waiting to be flushed, in finishing order. Handler threads add; one flusher takes.
 * The flusher waits until {@code flushSize} writes wait or the oldest has waited {@code lingerNanos}. Thread-safe.
 */
final class OutcomeBuffer {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final int flushSize;
  private final long lingerNanos;
  private ArrayList<PendingWrite> pending = new ArrayList<>();
  private long firstAddedNanos;
  private boolean poked;

  OutcomeBuffer(int flushSize, long lingerNanos) {
    this.flushSize = flushSize;
    this.lingerNanos = lingerNanos;
  }

  /**
   * Adds a write. The writer thread is not woken (it checks the linger on its own tick), so adding costs no
   * hand-off.
   *
   * @return the number of waiting writes after this one
   */
  int add(PendingWrite write) {
    lock.lock();
    try {
      pending.add(write);
      int size = pending.size();
      if (size == 1) {
        firstAddedNanos = System.nanoTime();
      }
      return size;
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code size} waiting writes are enough for a flush on size. */
  boolean isFull(int size) {
    return size >= flushSize;
  }

  /** Takes every waiting write (possibly none). */
  List<PendingWrite> takeAll() {
    lock.lock();
    try {
      if (pending.isEmpty()) {
        return List.of();
      }
      List<PendingWrite> out = pending;
      pending = new ArrayList<>(Math.max(16, out.size()));
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Puts writes whose flush failed back in front, marked uncertain. */
  void putBack(List<PendingWrite> failed) {
    if (failed.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      ArrayList<PendingWrite> merged = new ArrayList<>(failed.size() + pending.size());
      for (PendingWrite w : failed) {
        merged.add(w.markUncertain());
      }
      merged.addAll(pending);
      if (pending.isEmpty()) {
        firstAddedNanos = System.nanoTime();
      }
      pending = merged;
    } finally {
      lock.unlock();
    }
  }

  /** The number of waiting writes. */
  int size() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code maxWaitNanos} until the buffer is due for a flush (full, or its oldest write has lingered)
   * or {@link #poke()} is called.
   *
   * @return whether the buffer is due (or was poked and holds writes)
   */
  boolean awaitDue(long maxWaitNanos) throws InterruptedException {
    long deadline = System.nanoTime() + maxWaitNanos;
    lock.lock();
    try {
      while (true) {
        if (poked) {
          poked = false;
          return !pending.isEmpty();
        }
        long now = System.nanoTime();
        long wait = deadline - now;
        if (!pending.isEmpty()) {
          if (pending.size() >= flushSize) {
            return true;
          }
          long lingerLeft = firstAddedNanos + lingerNanos - now;
          if (lingerLeft <= 0) {
            return true;
          }
          wait = Math.min(wait, lingerLeft);
        }
        if (wait <= 0) {
          return false;
        }
        changed.await(wait, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Wakes a waiting flusher (shutdown, tests). */
  void poke() {
    lock.lock();
    try {
      poked = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}

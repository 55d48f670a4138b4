package dev.pgqueuer.worker;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Creates the executor that runs handlers: one virtual thread per job when the JVM has them (Java 21+, detected
 * reflectively because the library compiles for Java 17), else platform threads created on demand and handed work
 * directly ({@link SynchronousQueue}: the most recently idle thread takes the next task, so a busy worker keeps
 * reusing a few warm threads; idle ones end after 30 s). The worker never runs more than {@code maxConcurrentTasks}
 * tasks at once; the pool allows twice that so that runners that are just ending never make a new one wait or fail.
 */
final class HandlerExecutors {

  private static final @Nullable Method VIRTUAL_FACTORY = findVirtualFactory();

  private HandlerExecutors() {}

  /** Whether this JVM offers virtual threads. */
  static boolean virtualThreadsAvailable() {
    return VIRTUAL_FACTORY != null;
  }

  /** A new executor for one worker. */
  static ExecutorService create(String name, int maxThreads) {
    if (VIRTUAL_FACTORY != null) {
      try {
        return (ExecutorService) VIRTUAL_FACTORY.invoke(null);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // fall through to platform threads
      }
    }
    return new ThreadPoolExecutor(0, (int) Math.min(Integer.MAX_VALUE, 2L * maxThreads), 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), daemonThreads(name));
  }

  /** A factory of daemon threads named {@code name-1}, {@code name-2}, … */
  static ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static @Nullable Method findVirtualFactory() {
    try {
      return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}

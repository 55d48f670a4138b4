package dev.pgqueuer.spring.boot.test;

import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.spring.boot.PgQueuerRegistry;
import dev.pgqueuer.spring.boot.SpringManagedUnits;
import dev.pgqueuer.worker.scheduler.ScheduleRun;
import dev.pgqueuer.worker.scheduler.Scheduler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The test queue bound to the application context for the running test (see {@link PgQueuerSpringTest}), and the
 * repository bean that delegates to it. Bound before each test, after the test's queue is created, and unbound after
 * it. Outside a test the repository refuses every call but {@code timeSource()}, whose clock reads the test's clock
 * while one is bound and the system clock otherwise (beans built with the context, such as the application's
 * worker, ask for it before any test runs). Thread-safe.
 */
public final class BoundTestQueue {

  private final PgQueuerRegistry registry;
  private final ZoneId zone;
  private final Repository repository;
  private volatile @Nullable TestQueue queue;
  private volatile @Nullable Scheduler scheduler;

  BoundTestQueue(PgQueuerRegistry registry, ZoneId zone) {
    this.registry = registry;
    this.zone = zone;
    this.repository = (Repository) Proxy.newProxyInstance(Repository.class.getClassLoader(),
        new Class<?>[] {Repository.class}, this::delegate);
  }

  /**
   * The running test's queue.
   *
   * @throws IllegalStateException outside a test of a {@link PgQueuerSpringTest} class
   */
  public TestQueue queue() {
    TestQueue q = queue;
    if (q == null) {
      throw new IllegalStateException("no test queue is bound to this application context: the queue belongs to a "
          + "test method of a class annotated with @PgQueuerSpringTest, and is used here outside of one (in a bean's "
          + "constructor or @PostConstruct, a @BeforeAll method, or another thread after the test ended)");
    }
    return q;
  }

  /**
   * Runs the application's schedules that are due at the test clock's instant, on this thread (a fresh scheduler per
   * test: the first fire times follow the test's start).
   *
   * @return the firings
   * @throws IllegalStateException when no schedule is declared, or outside a test
   */
  public List<ScheduleRun> runDueSchedules() {
    queue();
    Scheduler s = scheduler;
    if (s == null) {
      throw new IllegalStateException("the application declares no schedule");
    }
    return s.runDue();
  }

  /**
   * Queue writes over {@link #repository()} that join Spring-managed transactions through a unit of work of the
   * test's queue, when Spring's transaction support is on the class path; else the repository itself.
   */
  QueueWrites queueWrites() {
    if (ClassUtils.isPresent("org.springframework.transaction.support.TransactionSynchronizationManager",
        BoundTestQueue.class.getClassLoader())) {
      return SpringManagedUnits.joining(repository);
    }
    return repository;
  }

  /** The repository bean: every call goes to the running test's queue. */
  Repository repository() {
    return repository;
  }

  void bind(TestQueue testQueue) {
    registry.entrypoints().forEach(testQueue::handle);
    scheduler = registry.newScheduler(testQueue.repository(), zone).orElse(null);
    queue = testQueue;
  }

  void unbind() {
    queue = null;
    scheduler = null;
  }

  private @Nullable Object delegate(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
    switch (method.getName()) {
      case "toString":
        if (method.getParameterCount() == 0) {
          TestQueue q = queue;
          return "BoundTestQueue.repository[" + (q == null ? "unbound" : q.toString()) + "]";
        }
        break;
      case "hashCode":
        if (method.getParameterCount() == 0) {
          return System.identityHashCode(proxy);
        }
        break;
      case "equals":
        if (method.getParameterCount() == 1) {
          return args != null && proxy == args[0];
        }
        break;
      case "close":
        if (method.getParameterCount() == 0) {
          return null; // the test's queue is closed by the JUnit extension
        }
        break;
      case "timeSource":
        if (method.getParameterCount() == 0) {
          // read at each call, so that beans built before any test (the application's worker) see the test's clock
          return (InstantSource) () -> {
            TestQueue q = queue;
            return q == null ? Instant.now() : q.clock().instant();
          };
        }
        break;
      default:
        break;
    }
    try {
      return method.invoke(queue().repository(), args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

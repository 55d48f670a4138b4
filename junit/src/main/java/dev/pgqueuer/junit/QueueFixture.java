package dev.pgqueuer.junit;

import java.util.List;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.port.Repository;

/**
 * Everything one test method owns: its clock, its backend's queue and the {@link TestQueue} over them. Stored in the
 * test method's {@link org.junit.jupiter.api.extension.ExtensionContext.Store} and closed after the test (JUnit also
 * closes it as an {@link AutoCloseable} store value if the test ends abnormally). Thread-safe; close is idempotent.
 */
final class QueueFixture implements AutoCloseable {

  private final TestQueue queue;
  private final Backends.Opened opened;
  private volatile boolean closed;

  private QueueFixture(TestQueue queue, Backends.Opened opened) {
    this.queue = queue;
    this.opened = opened;
  }

  /** The types the fixture supplies, in the order messages name them: the one list of them. */
  private static final List<Class<?>> SUPPLIED = List.of(Repository.class, ManualClock.class, TestQueue.class,
      Backend.class);

  /** Whether {@code type} is one of the types the fixture supplies. */
  static boolean supplies(Class<?> type) {
    return SUPPLIED.contains(type);
  }

  /** The supplied types' simple names for messages, e.g. {@code "Repository, ManualClock, TestQueue and Backend"}. */
  static String suppliedTypes() {
    List<String> names = SUPPLIED.stream().map(Class::getSimpleName).toList();
    return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
  }

  /** Opens a fresh queue for {@code plan}. @param testName names the test in messages */
  static QueueFixture open(TestPlan plan, String testName) {
    ManualClock clock = ManualClock.startingAt(plan.clockStart());
    Backends.Opened opened = Backends.open(plan.backend(), clock, testName);
    try {
      return new QueueFixture(new TestQueue(plan.backend(), opened.repository(), clock, testName), opened);
    } catch (RuntimeException | Error e) {
      opened.close();
      throw e;
    }
  }

  /** The object of {@code type}; one of the {@link #supplies supplied} types. */
  Object supply(Class<?> type) {
    if (type == Repository.class) {
      return queue.repository();
    }
    if (type == ManualClock.class) {
      return queue.clock();
    }
    if (type == TestQueue.class) {
      return queue;
    }
    if (type == Backend.class) {
      return queue.backend();
    }
    throw new IllegalArgumentException("cannot happen: unsupported type " + type.getName());
  }

  TestQueue queue() {
    return queue;
  }

  /** Keeps the backend's data after close (PostgreSQL: the schema), for inspecting a failed test. */
  void keep() {
    opened.keep();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      queue.close();
    } finally {
      opened.close();
    }
  }
}

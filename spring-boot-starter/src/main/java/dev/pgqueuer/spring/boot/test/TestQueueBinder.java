package dev.pgqueuer.spring.boot.test;

import dev.pgqueuer.junit.PgQueuerExtension;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Binds each test's queue to the test's application context before the test and unbinds it after (registered by
 * {@link PgQueuerSpringTest}, after pgqueuer's JUnit extension, so it unbinds before the queue is closed).
 */
public final class TestQueueBinder implements BeforeEachCallback, AfterEachCallback {

  /** Creates the extension; JUnit does this. */
  public TestQueueBinder() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    bound(context).bind(PgQueuerExtension.testQueue(context));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    bound(context).unbind();
  }

  private static BoundTestQueue bound(ExtensionContext context) {
    return SpringExtension.getApplicationContext(context).getBean(BoundTestQueue.class);
  }
}

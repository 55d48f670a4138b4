package dev.pgqueuer.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Tells the user once per test run, on standard error, when the test class path has no SLF4J provider: the queue
 * then logs into the void, and a handler failure or the test database in use would go unseen. Thread-safe.
 */
final class LoggingNotice {

  static final String MESSAGE = "pgqueuer-junit: no SLF4J provider is on the test class path, so nothing the queue "
      + "logs is shown (handler failures and retries, the PostgreSQL server the tests use). Add one with test scope, "
      + "for example org.slf4j:slf4j-simple.";
  private static final Namespace NAMESPACE = Namespace.create(LoggingNotice.class);
  private static final String TOLD = "told";

  private LoggingNotice() {}

  /** Prints {@link #MESSAGE} the first time it is called in a test run, when no SLF4J provider is bound. */
  static void tellOnce(ExtensionContext context) {
    Store run = context.getRoot().getStore(NAMESPACE);
    synchronized (LoggingNotice.class) {
      if (run.get(TOLD) != null) {
        return;
      }
      run.put(TOLD, Boolean.TRUE);
    }
    if (noProvider()) {
      System.err.println(MESSAGE);
    }
  }

  /** Whether SLF4J found no provider (it then hands out loggers that drop everything). */
  static boolean noProvider() {
    return LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory;
  }
}

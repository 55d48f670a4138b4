package dev.pgqueuer.benchmarks.postgres;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the round trips a connection makes: every statement execution ({@code execute*}) and every
 * {@code commit}/{@code rollback}. PgJDBC sends one execution, however many statements its string holds, as one
 * round trip, and sends the {@code BEGIN} of a non-autocommit connection together with its first statement, so
 * these are exactly the network round trips. Thread-safe.
 */
final class RoundTrips {

  private static final Set<String> EXECUTIONS =
      Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch");

  private final AtomicLong count = new AtomicLong();

  /** The round trips counted so far. */
  long count() {
    return count.get();
  }

  /** {@code connection}, counting. */
  Connection counting(Connection connection) {
    return proxy(Connection.class, connection, (method, result) -> {
      if (result instanceof Statement s) {
        Class<?> type = method.getReturnType();
        return proxy(type, s, (m, r) -> {
          if (EXECUTIONS.contains(m.getName())) {
            count.incrementAndGet();
          }
          return r;
        });
      }
      if (method.getName().equals("commit") || method.getName().equals("rollback")) {
        count.incrementAndGet();
      }
      return result;
    });
  }

  @FunctionalInterface
  private interface After {
    Object after(Method method, Object result);
  }

  private static <T> T proxy(Class<T> type, Object target, After after) {
    InvocationHandler handler = (p, method, args) -> {
      try {
        return after.after(method, method.invoke(target, args));
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}

package dev.pgqueuer.worker;

import dev.pgqueuer.port.Repository;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A repository that tells a test about each call, by method name (and, after it, with its arguments), before and
 * after it reaches the delegate.
 */
final class ObservedRepository {

  private ObservedRepository() {}

  /** What the test does around each call. */
  interface Observer {
    /** Before the call; throwing makes the call fail without reaching the repository. */
    default void before(String method) {}

    /** After the call returned normally. */
    default void after(String method) {}

    /** After the call returned normally, with its arguments (none: an empty array); calls {@link #after(String)}. */
    default void after(String method, Object[] args) {
      after(method);
    }
  }

  static Repository of(Repository delegate, Observer observer) {
    return (Repository) Proxy.newProxyInstance(Repository.class.getClassLoader(), new Class<?>[] {Repository.class},
        (proxy, method, args) -> {
          observer.before(method.getName());
          Object result;
          try {
            result = method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          observer.after(method.getName(), args == null ? new Object[0] : args);
          return result;
        });
  }
}

package dev.pgqueuer.conformance;

import dev.pgqueuer.ManualClock;
import dev.pgqueuer.junit.PgQueuerExtension;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.Repository;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Resolves the {@link TestQueue} parameters of a binding's tests: one fresh queue per test method, created lazily
 * with {@link TestQueue#of} over the test instance's {@link ContractSupport#newRepository} and a new
 * {@link ManualClock}; the repository is closed after the test. Safe under parallel execution: the state lives in
 * the method's own store.
 *
 * <p>A binding class must not also register {@link PgQueuerExtension} (directly or through {@code @PgQueuerTest},
 * {@code @QueueBackend} or {@code @ParityTest}), which supplies {@code TestQueue} parameters too: its tests then fail
 * with {@link ExtensionConfigurationException}. Tests on the extension's queues belong in a class of their own.
 */
public final class ContractExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {

  private static final Namespace NAMESPACE = Namespace.create(ContractExtension.class);
  private static final String KEY = "queue";

  /** Creates the extension; JUnit does this for the {@code @ExtendWith} on {@link ContractSupport}. */
  public ContractExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    Optional<String> by = pgQueuerExtensionRegistration(context);
    if (by.isPresent()) {
      throw new ExtensionConfigurationException(context.getRequiredTestClass().getName() + " implements "
          + ContractSupport.class.getSimpleName() + ", whose ContractExtension supplies the TestQueue of each test "
          + "from newRepository, but also registers PgQueuerExtension (" + by.get() + "), which supplies one too; "
          + "move the tests on PgQueuerExtension's queues to a class of their own");
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestQueue.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    Run existing = store.get(KEY, Run.class);
    if (existing != null) {
      return existing.queue();
    }
    Object instance = context.getRequiredTestInstance();
    if (!(instance instanceof ContractSupport)) {
      throw new ParameterResolutionException(
          "contract TestQueue parameters need a test class implementing ContractSupport, got " + instance.getClass());
    }
    ManualClock clock = ManualClock.create();
    Repository repository = ((ContractSupport) instance).newRepository(clock);
    Run run;
    try {
      run = new Run(TestQueue.of(repository, clock), repository);
    } catch (RuntimeException | Error e) {
      repository.close();
      throw e;
    }
    store.put(KEY, run);
    return run.queue();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Run run = context.getStore(NAMESPACE).remove(KEY, Run.class);
    if (run != null) {
      run.close();
    }
  }

  /**
   * Where a test class registers {@link PgQueuerExtension} declaratively, if it does: the class, the classes a
   * {@code @Nested} class is enclosed by (it inherits their extensions), and their {@code @RegisterExtension} fields.
   * Computed once per class (only class metadata is kept), since every contract test of a binding asks.
   */
  private static final ClassValue<Optional<String>> CLASS_REGISTRATION = new ClassValue<>() {
    @Override
    protected Optional<String> computeValue(Class<?> testClass) {
      for (Class<?> c = testClass; c != null; c = Modifier.isStatic(c.getModifiers()) ? null : c.getEnclosingClass()) {
        Optional<String> by = extendWith(c);
        if (by.isPresent()) {
          return by;
        }
        for (Field field : AnnotationSupport.findAnnotatedFields(c, RegisterExtension.class)) {
          if (PgQueuerExtension.class.isAssignableFrom(field.getType())) {
            return Optional.of("the field " + field.getName());
          }
        }
      }
      return Optional.empty();
    }
  };

  /** Where the running test registers {@link PgQueuerExtension} declaratively, if it does. */
  private static Optional<String> pgQueuerExtensionRegistration(ExtensionContext context) {
    Optional<String> onMethod = context.getTestMethod().flatMap(ContractExtension::extendWith);
    return onMethod.isPresent() ? onMethod : CLASS_REGISTRATION.get(context.getRequiredTestClass());
  }

  /** The {@code @ExtendWith} on {@code element} that names {@link PgQueuerExtension}, if any. */
  private static Optional<String> extendWith(AnnotatedElement element) {
    for (ExtendWith extendWith : AnnotationSupport.findRepeatableAnnotations(element, ExtendWith.class)) {
      for (Class<?> type : extendWith.value()) {
        if (PgQueuerExtension.class.isAssignableFrom(type)) {
          return Optional.of("an @ExtendWith on " + element);
        }
      }
    }
    return Optional.empty();
  }

  /** One test's queue and the repository it runs on, which the suite closes (JUnit too, should it remain stored). */
  private record Run(TestQueue queue, Repository repository) implements AutoCloseable {
    @Override
    public void close() {
      repository.close();
    }
  }
}

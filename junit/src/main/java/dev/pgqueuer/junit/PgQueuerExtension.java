package dev.pgqueuer.junit;

import dev.pgqueuer.ManualClock;
import dev.pgqueuer.port.Repository;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * The JUnit Jupiter extension behind {@link PgQueuerTest}: one fresh, isolated queue per test method.
 *
 * <p><b>What it supplies.</b> Parameters (of test, lifecycle and, for the default per-method test instance
 * lifecycle, constructor methods) and {@link InjectQueue} fields of type {@link Repository}, {@link ManualClock},
 * {@link TestQueue} and {@link Backend}. All of them belong to the current test method; the queue is created on first
 * use and closed after the test (and its {@code @AfterEach} methods), through the method's
 * {@link ExtensionContext.Store}. A test that asks for nothing costs nothing.
 *
 * <p><b>Backends.</b> In-memory by default; {@link QueueBackend} selects PostgreSQL per class or method, provisioned by
 * {@link dev.pgqueuer.testdatabase.TestPostgres} (an explicit JDBC URL, else embedded binaries, else Testcontainers) as a fresh
 * isolated queue. {@link ParityTest} runs a method once per backend. A PostgreSQL test that cannot get a database
 * fails with a message saying how to provide one, unless it opted into {@link WithoutDatabase#SKIP}.
 *
 * <p><b>Errors.</b> Misconfiguration fails the affected test with {@link ExtensionConfigurationException} (conflicting
 * backends, {@code @Test} together with {@code @ParityTest}, a bad {@link ClockStart}, a bad {@link InjectQueue}
 * field) or {@link ParameterResolutionException} (an {@link InjectQueue} parameter of an unsupported type, or a
 * queue parameter outside a test method, such as in {@code @BeforeAll} or a {@code PER_CLASS} constructor), each
 * naming the element and the rule.
 *
 * <p><b>Thread-safety.</b> The extension is stateless; all state lives in the store of the test method's context,
 * so tests may run in parallel (JUnit's parallel execution) without sharing anything.
 *
 * <p><b>JUnit versions.</b> JUnit Jupiter 5.13 or newer (5.13, 5.14 and 6.x are tested); JUnit is the user's own
 * dependency. On an older line every test that uses the extension fails with one {@link
 * ExtensionConfigurationException} naming the version found and the version required.
 */
public final class PgQueuerExtension
    implements ParameterResolver, BeforeEachCallback, AfterEachCallback, ExecutionCondition,
        TestTemplateInvocationContextProvider {

  private static final Namespace NAMESPACE = Namespace.create(PgQueuerExtension.class);
  private static final String FIXTURE = "fixture";
  private static final String LEG = "parity-leg";

  /** Creates the extension; JUnit does this for {@code @ExtendWith} and {@link PgQueuerTest}. */
  public PgQueuerExtension() {}

  /** Constructor parameters are resolved in the test method's context, so they get that test's queue. */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    JUnitVersion.require();
    return QueueFixture.supplies(parameter.getParameter().getType()) || parameter.isAnnotated(InjectQueue.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (!QueueFixture.supplies(type)) {
      throw new ParameterResolutionException("@InjectQueue parameter [" + parameter.getParameter() + "] of ["
          + parameter.getDeclaringExecutable() + "] has type " + type.getName()
          + ", but PgQueuerExtension supplies only " + QueueFixture.suppliedTypes());
    }
    if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException("Cannot inject " + type.getSimpleName() + " into ["
          + parameter.getDeclaringExecutable() + "]: a PgQueuer queue belongs to one test method, and this executable"
          + " runs outside of one (a @BeforeAll/@AfterAll method or the constructor of a PER_CLASS test instance);"
          + " take it as a parameter of the test or @BeforeEach method, or as an @InjectQueue field");
    }
    return fixture(context).supply(type);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    JUnitVersion.require();
    TestPlan plan = plan(context);
    List<Object> instances = context.getRequiredTestInstances().getAllInstances();
    for (Object instance : instances) {
      List<Field> fields = FieldInjection.fieldsOf(instance.getClass());
      if (!fields.isEmpty()) {
        FieldInjection.inject(instance, fields, fixture(context, plan));
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    QueueFixture fixture = context.getStore(NAMESPACE).remove(FIXTURE, QueueFixture.class);
    if (fixture != null) {
      if (context.getExecutionException().isPresent() && Boolean.getBoolean(Backends.KEEP_FAILED_PROPERTY)) {
        fixture.keep();
      }
      fixture.close();
    }
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    JUnitVersion.require();
    LoggingNotice.tellOnce(context);
    Optional<Method> method = context.getTestMethod();
    if (method.isEmpty()) {
      return ConditionEvaluationResult.enabled("not a test method");
    }
    Backend leg = leg(context);
    if (leg == null && !TestPlan.declared(method.get(), ParityTest.class).isEmpty()) {
      return ConditionEvaluationResult.enabled("parity test template");
    }
    TestPlan plan;
    try {
      plan = plan(context);
    } catch (ExtensionConfigurationException e) {
      return ConditionEvaluationResult.enabled("misconfigured; reported when the test runs");
    }
    if (plan.backend() == Backend.POSTGRES && plan.withoutDatabase() == WithoutDatabase.SKIP) {
      Optional<String> missing = Backends.postgresSkipReason();
      if (missing.isPresent()) {
        return ConditionEvaluationResult.disabled(
            "No PostgreSQL for the postgres backend (withoutDatabase = SKIP): " + missing.get());
      }
    }
    return ConditionEvaluationResult.enabled("queue backend " + plan.backend().label());
  }

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    JUnitVersion.require();
    return context.getTestMethod().map(m -> !TestPlan.declared(m, ParityTest.class).isEmpty()).orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
    TestPlan.of(context, Backend.IN_MEMORY); // fails the whole template early when it is misconfigured
    return Stream.of(new ParityLeg(Backend.IN_MEMORY), new ParityLeg(Backend.POSTGRES));
  }

  /**
   * The {@link TestQueue} of the test method running in {@code context}: the one the extension injects, created on
   * first use and closed after the test. For extensions that hand the test's queue to a framework, such as the
   * Spring Boot starter's test support; call it from a {@code beforeEach} callback or later.
   *
   * @throws IllegalStateException when {@code context} belongs to no test method
   * @throws ExtensionConfigurationException when the test's queue annotations are misconfigured
   */
  public static TestQueue testQueue(ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      throw new IllegalStateException("a PgQueuer test queue belongs to one test method; " + context.getDisplayName()
          + " is not one");
    }
    return fixture(context).queue();
  }

  /** The plan of the test method of {@code context}, validated once and cached in the method's store. */
  private static TestPlan plan(ExtensionContext context) {
    Store store = context.getStore(NAMESPACE);
    TestPlan plan = store.get(TestPlan.class, TestPlan.class);
    if (plan == null) {
      plan = TestPlan.of(context, leg(context));
      store.put(TestPlan.class, plan);
    }
    return plan;
  }

  private static @Nullable Backend leg(ExtensionContext context) {
    return context.getStore(NAMESPACE).get(LEG, Backend.class);
  }

  private static QueueFixture fixture(ExtensionContext context) {
    return fixture(context, plan(context));
  }

  /** The test's fixture, created on first use; the context's store closes it if afterEach is never reached. */
  private static QueueFixture fixture(ExtensionContext context, TestPlan plan) {
    synchronized (context) {
      Store store = context.getStore(NAMESPACE);
      QueueFixture fixture = store.get(FIXTURE, QueueFixture.class);
      if (fixture == null) {
        fixture = QueueFixture.open(plan, testName(context, plan));
        store.put(FIXTURE, fixture);
      }
      return fixture;
    }
  }

  private static String testName(ExtensionContext context, TestPlan plan) {
    Method method = context.getRequiredTestMethod();
    return context.getRequiredTestClass().getSimpleName() + "." + method.getName() + "()"
        + (plan.parityLeg() ? " [" + plan.backend().label() + "]" : "");
  }

  /** One invocation of a {@link ParityTest}: names itself after the backend and records it in its own store. */
  private static final class ParityLeg implements TestTemplateInvocationContext {
    private final Backend backend;

    ParityLeg(Backend backend) {
      this.backend = backend;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
      return "[" + backend.label() + "]";
    }

    @Override
    public void prepareInvocation(ExtensionContext context) {
      context.getStore(NAMESPACE).put(LEG, backend);
    }
  }
}

package dev.pgqueuer.junit;

import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.pgqueuer.port.Repository;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Every misuse fails with a configuration or parameter error that names the element and the rule. */
class PgQueuerExtensionMisuseTest {

  @Test
  void should_fail_if_an_inject_queue_field_is_static() {
    // WHEN
    EngineExecutionResults results = Engine.run(StaticField.class);
    // THEN
    assertTestFailed(results, ExtensionConfigurationException.class,
        "@InjectQueue field [" + StaticField.class.getName() + ".queue] must not be static");
  }

  @Test
  void should_fail_if_an_inject_queue_field_is_final() {
    EngineExecutionResults results = Engine.run(FinalField.class);
    assertTestFailed(results, ExtensionConfigurationException.class,
        "@InjectQueue field [" + FinalField.class.getName() + ".queue] must not be final");
  }

  @Test
  void should_fail_if_an_inject_queue_field_has_a_type_the_extension_cannot_supply() {
    EngineExecutionResults results = Engine.run(WrongFieldType.class);
    assertTestFailed(results, ExtensionConfigurationException.class,
        "@InjectQueue field [" + WrongFieldType.class.getName() + ".name] has type java.lang.String, but "
            + "PgQueuerExtension supplies only Repository, ManualClock, TestQueue and Backend");
  }

  @Test
  void should_fail_if_an_inject_queue_parameter_has_a_type_the_extension_cannot_supply() {
    EngineExecutionResults results = Engine.run(WrongParameterType.class);
    assertTestFailed(results, ParameterResolutionException.class, "has type java.lang.Integer, but "
        + "PgQueuerExtension supplies only Repository, ManualClock, TestQueue and Backend");
  }

  @Test
  void should_fail_if_a_queue_is_requested_outside_a_test_method() {
    EngineExecutionResults results = Engine.run(BeforeAllParameter.class);
    results.containerEvents().assertThatEvents().haveExactly(1, event(container(BeforeAllParameter.class),
        finishedWithFailure(instanceOf(ParameterResolutionException.class),
            message(m -> m.contains("a PgQueuer queue belongs to one test method")))));
  }

  @Test
  void should_fail_if_a_per_class_instance_asks_for_a_queue_in_its_constructor() {
    EngineExecutionResults results = Engine.run(PerClassConstructor.class);
    results.containerEvents().assertThatEvents().haveExactly(1, event(container(PerClassConstructor.class),
        finishedWithFailure(instanceOf(ParameterResolutionException.class),
            message(m -> m.contains("the constructor of a PER_CLASS test instance")))));
  }

  @Test
  void should_fail_if_a_parity_test_also_carries_test() {
    EngineExecutionResults results = Engine.run(ParityWithTestAnnotation.class);
    results.allEvents().assertThatEvents().haveAtLeastOne(event(finishedWithFailure(
        instanceOf(ExtensionConfigurationException.class),
        message(m -> m.contains("is declared as a test twice") && m.contains(ParityWithTestAnnotation.class.getName()
            + "#both")))));
  }

  @Test
  void should_fail_if_a_parity_test_also_declares_a_backend() {
    EngineExecutionResults results = Engine.run(ParityAndBackend.class);
    results.allEvents().assertThatEvents().haveAtLeastOne(event(finishedWithFailure(
        instanceOf(ExtensionConfigurationException.class),
        message(m -> m.contains("declares conflicting backends: @ParityTest runs it on every backend")))));
  }

  @Test
  void should_fail_if_a_method_declares_two_different_backends() {
    EngineExecutionResults results = Engine.run(TwoBackends.class);
    assertTestFailed(results, ExtensionConfigurationException.class, "declares conflicting backends");
  }

  @Test
  void should_fail_if_the_clock_start_is_not_an_instant() {
    EngineExecutionResults results = Engine.run(BadClockStart.class);
    assertTestFailed(results, ExtensionConfigurationException.class,
        "@ClockStart on [" + BadClockStart.class.getName() + "#test] must be an ISO-8601 instant such as "
            + "2026-01-01T00:00:00Z, got 'next tuesday'");
  }

  private static void assertTestFailed(
      EngineExecutionResults results, Class<? extends Throwable> type, String messageFragment) {
    results.testEvents().assertThatEvents().haveExactly(1, event(test(),
        finishedWithFailure(instanceOf(type), message(m -> m.contains(messageFragment)))));
  }

  @Fixture
  @PgQueuerTest
  static class StaticField {
    @InjectQueue static TestQueue queue;

    @Test
    void test() {}
  }

  @Fixture
  @PgQueuerTest
  static class FinalField {
    @InjectQueue final TestQueue queue = null;

    @Test
    void test() {}
  }

  @Fixture
  @PgQueuerTest
  static class WrongFieldType {
    @InjectQueue String name;

    @Test
    void test() {}
  }

  @Fixture
  @PgQueuerTest
  static class WrongParameterType {
    @Test
    void test(@InjectQueue Integer count) {}
  }

  @Fixture
  @PgQueuerTest
  static class BeforeAllParameter {
    @BeforeAll
    static void setUp(Repository repository) {}

    @Test
    void test() {}
  }

  @Fixture
  @PgQueuerTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassConstructor {
    PerClassConstructor(TestQueue queue) {}

    @Test
    void test() {}
  }

  @Fixture
  @PgQueuerTest
  static class ParityWithTestAnnotation {
    @Test
    @ParityTest
    void both() {}
  }

  @Fixture
  @PgQueuerTest
  static class ParityAndBackend {
    @ParityTest
    @QueueBackend(Backend.IN_MEMORY)
    void both() {}
  }

  @Retention(RetentionPolicy.RUNTIME)
  @QueueBackend(Backend.POSTGRES)
  @interface OnPostgres {}

  @Fixture
  @PgQueuerTest
  static class TwoBackends {
    @Test
    @OnPostgres
    @QueueBackend(Backend.IN_MEMORY)
    void test() {}
  }

  @Fixture
  @PgQueuerTest
  static class BadClockStart {
    @Test
    @ClockStart("next tuesday")
    void test() {}
  }
}

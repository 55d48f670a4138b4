package dev.pgqueuer.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that is an input of an {@link Engine} run, not a test of its own: it runs only when the engine
 * is started with the configuration parameter {@value #ENABLED}, so the build's own test run skips it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Fixture.OnlyInEngineRuns.class)
public @interface Fixture {

  /** The configuration parameter that enables fixture classes. */
  String ENABLED = "pgqueuer.test.fixtures";

  /** Enables fixture classes only inside {@link Engine} runs. */
  final class OnlyInEngineRuns implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(ENABLED).map(Boolean::parseBoolean).orElse(false)
          ? ConditionEvaluationResult.enabled("engine run")
          : ConditionEvaluationResult.disabled("fixture class: runs only inside an EngineTestKit run");
    }
  }
}

package dev.pgqueuer.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import java.util.Map;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs {@link Fixture} classes through the Jupiter engine and returns the recorded events. */
final class Engine {

  private Engine() {}

  /** Runs the classes sequentially. */
  static EngineExecutionResults run(Class<?>... classes) {
    return run(Map.of(), classes);
  }

  /** Runs the classes with every test method concurrently (JUnit's parallel execution, fixed pool of 8). */
  static EngineExecutionResults runInParallel(Class<?>... classes) {
    return run(Map.of(
        "junit.jupiter.execution.parallel.enabled", "true",
        "junit.jupiter.execution.parallel.mode.default", "concurrent",
        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
        "junit.jupiter.execution.parallel.config.strategy", "fixed",
        "junit.jupiter.execution.parallel.config.fixed.parallelism", "8",
        "junit.jupiter.execution.parallel.config.executor-service", "FORK_JOIN_POOL"), classes);
  }

  private static EngineExecutionResults run(Map<String, String> parameters, Class<?>... classes) {
    EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter")
        .configurationParameter(Fixture.ENABLED, "true")
        .configurationParameters(parameters)
        .selectors(Arrays.stream(classes).map(c -> selectClass(c)).toArray(ClassSelector[]::new));
    return builder.execute();
  }
}

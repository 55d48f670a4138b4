package dev.pgqueuer.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method once per backend, first on {@link Backend#IN_MEMORY} and then on {@link Backend#POSTGRES},
 * each time with its own fresh queue and clock, so a test written for the application doubles as a parity check
 * of the two backends. The invocations are displayed as {@code [in-memory]} and {@code [postgres]}.
 *
 * <p>The method must not also carry {@code @Test} (it is already a test template) or {@link QueueBackend}; either
 * fails with {@link org.junit.jupiter.api.extension.ExtensionConfigurationException}. A class-level
 * {@link QueueBackend} does not apply to parity tests.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(PgQueuerExtension.class)
public @interface ParityTest {

  /**
   * What the PostgreSQL invocation does when no database can be provisioned: fail (the default) or be reported as
   * skipped; the in-memory invocation always runs.
   */
  WithoutDatabase withoutDatabase() default WithoutDatabase.FAIL;
}

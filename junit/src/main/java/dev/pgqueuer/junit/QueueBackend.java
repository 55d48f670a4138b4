package dev.pgqueuer.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Chooses the backend of a test class's or test method's queues; a method's choice overrides its class's (and a
 * {@code @Nested} class's overrides its enclosing class's). Without it, tests run on {@link Backend#IN_MEMORY}. To
 * run one test on both backends, use {@link ParityTest} instead.
 *
 * <p>Declaring it twice on one element with different values (directly and through a composed annotation) is a
 * configuration error, as is combining it with {@link ParityTest} on the same method; both fail the test with
 * {@link org.junit.jupiter.api.extension.ExtensionConfigurationException}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PgQueuerExtension.class)
public @interface QueueBackend {

  /** The backend. */
  Backend value();

  /**
   * What a {@link Backend#POSTGRES} test does when no database can be provisioned: fail (the default) or be
   * reported as skipped. Ignored for {@link Backend#IN_MEMORY}.
   */
  WithoutDatabase withoutDatabase() default WithoutDatabase.FAIL;
}

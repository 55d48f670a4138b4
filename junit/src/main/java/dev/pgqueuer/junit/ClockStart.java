package dev.pgqueuer.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the test's {@link dev.pgqueuer.ManualClock} at another instant than
 * {@link dev.pgqueuer.ManualClock#DEFAULT_START} (2026-01-01T00:00:00Z). A method's value overrides its class's.
 * A value that is not an ISO-8601 instant fails the test with
 * {@link org.junit.jupiter.api.extension.ExtensionConfigurationException}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PgQueuerExtension.class)
public @interface ClockStart {

  /** The start instant in ISO-8601 form, e.g. {@code "2030-06-01T12:00:00Z"}; truncated to microseconds. */
  String value();
}

package dev.pgqueuer.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link PgQueuerExtension} to assign the current test's queue objects to an instance field before each test
 * (and before {@code @BeforeEach} methods run). The field's type must be one of
 * {@link dev.pgqueuer.port.Repository}, {@link dev.pgqueuer.ManualClock}, {@link TestQueue} or {@link Backend}; it
 * must be neither {@code static} (the value would leak between tests) nor {@code final}. Violations fail with
 * {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} naming the field.
 *
 * <p>On a parameter the annotation is optional (parameters of those types are resolved anyway); it makes an
 * unsupported parameter type fail with a message instead of being left to other resolvers.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface InjectQueue {}

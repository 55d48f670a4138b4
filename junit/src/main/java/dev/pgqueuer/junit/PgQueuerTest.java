package dev.pgqueuer.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose tests each get a fresh, isolated queue: the shorthand for
 * {@code @ExtendWith(PgQueuerExtension.class)}. Inherited by subclasses and usable as a meta-annotation.
 *
 * <p>Tests receive, by constructor or method parameter or through {@link InjectQueue} fields, the queue's
 * {@link dev.pgqueuer.port.Repository}, the {@link dev.pgqueuer.ManualClock} that drives it, the
 * {@link TestQueue} helper and the {@link Backend}. The backend is in-memory unless {@link QueueBackend} or
 * {@link ParityTest} says otherwise; {@link ClockStart} moves the clock's start.
 *
 * <pre>{@code
 * @PgQueuerTest
 * class SignupTest {
 *   @Test
 *   void enqueuesWelcomeMail(TestQueue queue) {
 *     new SignupService(queue.repository()).signUp("ada@example.com");
 *     assertThat(queue).hasEnqueued(JobMatcher.entrypoint("welcome-mail").payload("ada@example.com"));
 *   }
 * }
 * }</pre>
 *
 * @see PgQueuerExtension
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PgQueuerExtension.class)
public @interface PgQueuerTest {}

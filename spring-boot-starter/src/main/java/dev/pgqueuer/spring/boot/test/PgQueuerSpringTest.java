package dev.pgqueuer.spring.boot.test;

import dev.pgqueuer.junit.PgQueuerTest;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Gives each test of a Spring Boot test class a fresh queue, bound to the application context: the application's
 * {@link dev.pgqueuer.port.Repository} bean is the test's {@link dev.pgqueuer.junit.TestQueue} (in memory by
 * default; PostgreSQL with {@link dev.pgqueuer.junit.QueueBackend}; both with {@link dev.pgqueuer.junit.ParityTest}),
 * driven by its manual clock; the application's handlers are registered on it, so {@code queue.drain()} runs them
 * through the worker in step mode on the test's thread. The application's own worker and scheduler do not start,
 * and the schema is left alone (the test queue is installed).
 *
 * <pre>{@code
 * @SpringBootTest
 * @PgQueuerSpringTest
 * class SignupTest {
 *   @Autowired SignupService signups;
 *
 *   @ParityTest
 *   void sendsTheWelcomeMail(TestQueue queue) {
 *     signups.signUp("ada@example.com");
 *     queue.drain();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Schedules run with {@link BoundTestQueue#runDueSchedules()} (inject {@link BoundTestQueue}). Tests sharing one
 * application context share its beans, so they must not run concurrently (JUnit's default).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@PgQueuerTest
@ExtendWith(TestQueueBinder.class)
@Import(TestQueueConfiguration.class)
@TestPropertySource(properties = {"pgqueuer.worker.enabled=false", "pgqueuer.scheduler.enabled=false",
    "pgqueuer.schema.mode=none"})
public @interface PgQueuerSpringTest {}

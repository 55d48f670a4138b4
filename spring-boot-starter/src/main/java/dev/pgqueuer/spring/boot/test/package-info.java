/**
 * Spring Boot tests with a fresh queue per test: {@link dev.pgqueuer.spring.boot.test.PgQueuerSpringTest} binds the
 * {@link dev.pgqueuer.junit.TestQueue} that pgqueuer's JUnit extension gives each test (in memory or on PostgreSQL,
 * with a manual clock) to the application context, so the application's beans enqueue into it and the test runs
 * the application's handlers with {@code queue.drain()}, deterministically, on the test's thread. Needs
 * {@code pgqueuer-junit} and {@code spring-boot-starter-test} on the test class path.
 *
 * <p>Parameters and results are never {@code null} unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.pgqueuer.spring.boot.test;

import org.jspecify.annotations.NullMarked;

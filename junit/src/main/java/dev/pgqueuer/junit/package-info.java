/**
 * JUnit Jupiter support for testing code that uses pgqueuer-java: {@link dev.pgqueuer.junit.PgQueuerTest} (or
 * {@code @ExtendWith(PgQueuerExtension.class)}) gives every test method its own fresh queue, on the in-memory
 * backend by default or on PostgreSQL on request ({@link dev.pgqueuer.junit.QueueBackend}), or on both as a parity
 * check ({@link dev.pgqueuer.junit.ParityTest}); the {@link dev.pgqueuer.ManualClock} that drives it; and a
 * {@link dev.pgqueuer.junit.TestQueue} that performs, drains or inlines jobs through the real worker runtime.
 * Assertions live in {@link dev.pgqueuer.junit.assertj}.
 *
 * <p>Everything a test receives is scoped to that test: nothing is global, static or thread-local, so tests may run
 * in parallel. Types are never {@code null} unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.pgqueuer.junit;

import org.jspecify.annotations.NullMarked;

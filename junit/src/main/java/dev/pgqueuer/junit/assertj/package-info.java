/**
 * AssertJ assertions on a test's queue, with one entry point, {@link dev.pgqueuer.junit.assertj.PgQueuerAssertions}:
 * what was enqueued (or not), queue sizes per status, a job's status, attempts and log history, with waiting
 * variants woken by queue events instead of sleeps. Failure messages list what the queue actually holds. Soft
 * assertions: {@link dev.pgqueuer.junit.assertj.PgQueuerSoftAssertions}.
 *
 * <p>Types are never {@code null} unless annotated {@code @Nullable}. Assertion objects are not thread-safe (use one
 * per thread), as in AssertJ.
 */
@NullMarked
package dev.pgqueuer.junit.assertj;

import org.jspecify.annotations.NullMarked;

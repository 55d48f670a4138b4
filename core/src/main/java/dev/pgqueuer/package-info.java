/**
 * The public domain of pgqueuer-java: typed ids, immutable job, log and schedule records, the job status
 * enum, queue events, the manual clock and the exception hierarchy.
 *
 * <p>Everything in this package is immutable and thread-safe unless its Javadoc says otherwise. Components are
 * never {@code null} unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.pgqueuer;

import org.jspecify.annotations.NullMarked;

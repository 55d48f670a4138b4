/**
 * The in-memory repository: {@link dev.pgqueuer.inmemory.InMemoryRepository}, a compact, thread-safe, single-JVM
 * queue with exactly the observable behaviour of the PostgreSQL repository. Everything else in this package is an
 * implementation detail.
 */
@NullMarked
package dev.pgqueuer.inmemory;

import org.jspecify.annotations.NullMarked;

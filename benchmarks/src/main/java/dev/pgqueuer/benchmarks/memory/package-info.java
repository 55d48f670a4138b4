/** Scenarios of the in-memory repository ({@code memory-*}). */
@NullMarked
package dev.pgqueuer.benchmarks.memory;

import org.jspecify.annotations.NullMarked;

/**
 * Benchmark scenarios and their runner. {@code benchmarks/run SCENARIO [options]} builds this module, runs one
 * scenario, shows progress on standard error and prints one JSON object as the last line of standard output.
 * Scenarios are picocli commands extending {@link dev.pgqueuer.benchmarks.Scenario}, registered in
 * {@link dev.pgqueuer.benchmarks.Scenarios}.
 */
@NullMarked
package dev.pgqueuer.benchmarks;

import org.jspecify.annotations.NullMarked;

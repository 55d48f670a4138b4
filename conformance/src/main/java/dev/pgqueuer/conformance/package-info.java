/**
 * The behavioural contract of {@link dev.pgqueuer.port.Repository}: JUnit test interfaces with default test
 * methods, one per area, aggregated by {@link dev.pgqueuer.conformance.RepositoryContract}. An adapter proves
 * parity by implementing {@link dev.pgqueuer.conformance.RepositoryContract#newRepository} in a test class. Each
 * test method takes a {@link dev.pgqueuer.junit.TestQueue} over that repository
 * ({@link dev.pgqueuer.conformance.ContractExtension}).
 */
@NullMarked
package dev.pgqueuer.conformance;

import org.jspecify.annotations.NullMarked;

/**
 * The behavioural contract of {@link dev.pgqueuer.port.Repository}: JUnit test interfaces with default test
 * methods, one per area, aggregated by {@link dev.pgqueuer.conformance.RepositoryContract}. An adapter proves
 * parity by implementing {@link dev.pgqueuer.conformance.RepositoryContract#newRepository} in a test class.
 */
@NullMarked
package dev.pgqueuer.conformance;

import org.jspecify.annotations.NullMarked;

/**
 * The repository ports and their request records. {@link dev.pgqueuer.port.Repository} is the single entry point;
 * the in-memory and PostgreSQL backends implement it identically, as proved by the conformance suite.
 *
 * <p>Stability: this port is published for third-party adapters together with the conformance suite; it changes
 * incompatibly only in a major version.
 */
@NullMarked
package dev.pgqueuer.port;

import org.jspecify.annotations.NullMarked;

/**
 * Lockstep differential testing: seeded random sequences of port operations applied to two repositories driven by
 * one manual clock, comparing results, errors, events and a normalised state dump after every step.
 */
@NullMarked
package dev.pgqueuer.conformance.lockstep;

import org.jspecify.annotations.NullMarked;

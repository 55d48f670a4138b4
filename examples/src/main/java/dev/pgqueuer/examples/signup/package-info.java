/**
 * A small sign-up application built on pgqueuer-java: {@link dev.pgqueuer.examples.signup.SignupService} registers an
 * account and enqueues a welcome mail and a deferred activation reminder; the handlers in
 * {@link dev.pgqueuer.examples.signup.SignupJobs} "send" them to an {@link dev.pgqueuer.examples.signup.Outbox}, with
 * retries; {@link dev.pgqueuer.examples.signup.SignupApp} wires it to PostgreSQL. Its tests show the JUnit extension.
 */
@NullMarked
package dev.pgqueuer.examples.signup;

import org.jspecify.annotations.NullMarked;

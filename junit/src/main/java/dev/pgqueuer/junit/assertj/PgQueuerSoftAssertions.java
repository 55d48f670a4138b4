package dev.pgqueuer.junit.assertj;

import org.assertj.core.api.SoftAssertions;

/**
 * AssertJ's {@link SoftAssertions} plus the pgqueuer assertions: collect every failure, then report them together.
 *
 * <pre>{@code
 * SoftAssertionsProvider.assertSoftly(PgQueuerSoftAssertions.class, softly -> {
 *   softly.assertThat(queue).hasEnqueued(JobMatcher.entrypoint("welcome-mail"));
 *   softly.assertThat(queue).hasSize(JobStatus.FAILED, 0);
 * });
 * }</pre>
 *
 * <p>It also works as a parameter with AssertJ's {@code SoftAssertionsExtension}. Not thread-safe.
 */
public class PgQueuerSoftAssertions extends SoftAssertions implements PgQueuerSoftAssertionsProvider {

  /** An empty collector. */
  public PgQueuerSoftAssertions() {}
}

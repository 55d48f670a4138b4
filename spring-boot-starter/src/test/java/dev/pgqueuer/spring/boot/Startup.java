package dev.pgqueuer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.AbstractThrowableAssert;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

/** Assertions on a context's startup failure. */
final class Startup {

  private Startup() {}

  /** The innermost cause of the context's startup failure (itself when it has none); fails when it started. */
  static AbstractThrowableAssert<?, ? extends Throwable> failure(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    return assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()));
  }
}

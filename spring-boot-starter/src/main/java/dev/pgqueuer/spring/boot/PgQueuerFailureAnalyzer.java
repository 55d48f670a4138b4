package dev.pgqueuer.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a {@link PgQueuerConfigurationException} as Spring Boot's "APPLICATION FAILED TO START" report. */
final class PgQueuerFailureAnalyzer extends AbstractFailureAnalyzer<PgQueuerConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, PgQueuerConfigurationException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}

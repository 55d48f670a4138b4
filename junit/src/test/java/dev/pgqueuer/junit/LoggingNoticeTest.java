package dev.pgqueuer.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoggingNoticeTest {

  @Test
  void aBoundProviderNeedsNoNotice() {
    // this module's tests run with slf4j-simple; the samples without a provider check the notice itself
    assertThat(LoggingNotice.noProvider()).isFalse();
  }
}

package dev.pgqueuer.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JUnitVersionTest {

  @Test
  void linesFrom513OnAreSupported() {
    assertThat(JUnitVersion.supported("5.13.0")).isTrue();
    assertThat(JUnitVersion.supported("5.13.4")).isTrue();
    assertThat(JUnitVersion.supported("5.14.4")).isTrue();
    assertThat(JUnitVersion.supported("6.0.0-M1")).isTrue();
    assertThat(JUnitVersion.supported("6.1.3")).isTrue();
  }

  @Test
  void olderLinesAreNot() {
    assertThat(JUnitVersion.supported("5.12.2")).isFalse();
    assertThat(JUnitVersion.supported("5.11.4")).isFalse();
    assertThat(JUnitVersion.supported("4.13.2")).isFalse();
  }

  @Test
  void theMessageNamesWhatWasFoundAndWhatIsRequired() {
    assertThat(JUnitVersion.problem("5.11.4", "5.11.4")).hasValueSatisfying(message -> assertThat(message)
        .contains("needs JUnit Jupiter 5.13 or newer")
        .contains("junit-jupiter-api 5.11.4 and junit-jupiter-engine 5.11.4"));
    assertThat(JUnitVersion.problem("6.1.3", "5.12.0")).hasValueSatisfying(message -> assertThat(message)
        .contains("junit-jupiter-engine 5.12.0").doesNotContain("junit-jupiter-api"));
  }

  @Test
  void supportedOrUnknownVersionsPass() {
    assertThat(JUnitVersion.problem("5.13.4", "5.13.4")).isEmpty();
    assertThat(JUnitVersion.problem(null, null)).isEmpty();
    assertThat(JUnitVersion.problem("6.1.3", null)).isEmpty();
  }
}

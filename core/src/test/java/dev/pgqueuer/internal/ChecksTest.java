package dev.pgqueuer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksTest {

  @Test
  void utf8LengthCountsBytesAsTheEncoderDoes() {
    for (String s : List.of("", "a", "é", "€", "😀", "a€😀é\uD834\uDD1E", "ж".repeat(600))) {
      assertThat(Checks.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void textRejectsUnpairedSurrogatesWhereverTheyStand() {
    for (String s : List.of("\uD800", "a\uDC00", "\uDC00\uD800", "x\uD83Dy", "ok\uD83D")) {
      assertThatThrownBy(() -> Checks.text(s, "arg")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("arg must be well-formed UTF-16");
    }
    assertThat(Checks.text("😀\uD834\uDD1E", "arg")).isEqualTo("😀\uD834\uDD1E");
  }

  @Test
  void keysAreLimitedInBytesNotCharacters() {
    assertThat(Checks.key("é".repeat(512), "k")).hasSize(512);
    assertThatThrownBy(() -> Checks.key("é".repeat(512) + "a", "k"))
        .hasMessage("k must have at most 1024 bytes in UTF-8, got 1025");
  }

  @Test
  void storableReplacesWhatCannotBeStoredAndKeepsPairs() {
    assertThat(Checks.storable("a\0b\uD800c😀")).isEqualTo("a b\uFFFDc😀");
    String clean = "plain 😀";
    assertThat(Checks.storable(clean)).isSameAs(clean);
  }

  @Test
  void durationsBeyondTheLimitAreBadInputEvenWhenTheyCannotBeNegated() {
    assertThatThrownBy(() -> Times.checkDuration(Duration.ofSeconds(Long.MIN_VALUE), "delay", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay must be within");
    assertThat(Times.checkDuration(Times.MAX_DURATION.negated(), "delay", true)).isEqualTo(Times.MAX_DURATION.negated());
  }
}

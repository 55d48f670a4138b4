package dev.pgqueuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  @Test
  void freshClockIsFrozenAtTheDefaultStart() {
    ManualClock clock = ManualClock.create();

    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START).isEqualTo(clock.instant());
  }

  @Test
  void advanceMovesForwardByExactlyTheStepTruncatedToMicroseconds() {
    ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T10:00:00Z"));

    Instant after = clock.advance(Duration.ofNanos(2_500));

    assertThat(after).isEqualTo(Instant.parse("2026-03-01T10:00:00.000002Z"));
    assertThat(clock.micros()).isEqualTo(after.getEpochSecond() * 1_000_000 + 2);
  }

  @Test
  void startInstantIsTruncatedToMicroseconds() {
    ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T10:00:00.123456789Z"));

    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));
  }

  @Test
  void clockNeverGoesBackwards() {
    ManualClock clock = ManualClock.create();
    clock.advance(Duration.ofSeconds(10));

    assertThatThrownBy(() -> clock.set(ManualClock.DEFAULT_START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never goes backwards");
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step");
    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(10));
  }

  @Test
  void setMovesToALaterInstant() {
    ManualClock clock = ManualClock.create();
    Instant target = ManualClock.DEFAULT_START.plus(Duration.ofDays(1));

    assertThat(clock.set(target)).isEqualTo(target);
    assertThat(clock.instant()).isEqualTo(target);
  }
}

package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void delaysGrowExponentiallyUpToTheCapThenStop() {
    RetryPolicy policy = RetryPolicy.exponential(6, Duration.ofSeconds(1), Duration.ofSeconds(10))
        .withJitter(Jitter.none());

    assertThat(policy.delayFor(0)).contains(Duration.ofSeconds(1));
    assertThat(policy.delayFor(1)).contains(Duration.ofSeconds(2));
    assertThat(policy.delayFor(3)).contains(Duration.ofSeconds(8));
    assertThat(policy.delayFor(4)).contains(Duration.ofSeconds(10));
    assertThat(policy.delayFor(5)).contains(Duration.ofSeconds(10));
    assertThat(policy.delayFor(6)).isEmpty();
  }

  @Test
  void noneNeverRetries() {
    assertThat(RetryPolicy.none().delayFor(0)).isEmpty();
  }

  @Test
  void injectedJitterIsAppliedAndClampedToTheBounds() {
    RetryPolicy low = RetryPolicy.exponential(3, Duration.ofSeconds(10), Duration.ofSeconds(20))
        .withJitter(Jitter.proportional(0.5, () -> 0.0));
    RetryPolicy high = low.withJitter(Jitter.proportional(0.5, () -> 0.999999999));

    assertThat(low.delayFor(0)).contains(Duration.ofSeconds(5));
    assertThat(high.delayFor(0)).hasValueSatisfying(d -> assertThat(d).isBetween(
        Duration.ofMillis(14_999), Duration.ofSeconds(15)));
    assertThat(high.delayFor(1)).contains(Duration.ofSeconds(20));
  }

  @Test
  void defaultJitterStaysWithinTenPercent() {
    RetryPolicy policy = RetryPolicy.exponential(1, Duration.ofSeconds(10), Duration.ofSeconds(60));
    for (int i = 0; i < 1000; i++) {
      Optional<Duration> d = policy.delayFor(0);
      assertThat(d).hasValueSatisfying(v -> assertThat(v).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(11)));
    }
  }

  @Test
  void invalidPoliciesAreRejected() {
    assertThatThrownBy(() -> RetryPolicy.exponential(-1, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.exponential(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay");
    assertThatThrownBy(() -> RetryPolicy.none().withMultiplier(0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
    assertThatThrownBy(() -> Jitter.proportional(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryRequested(Duration.ofSeconds(-1), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
  }

  @Test
  void retryDelaysAreRenderedLikePythonTimedeltas() {
    assertThat(Tracebacks.pythonTimedelta(Duration.ZERO)).isEqualTo("0:00:00");
    assertThat(Tracebacks.pythonTimedelta(Duration.ofSeconds(30))).isEqualTo("0:00:30");
    assertThat(Tracebacks.pythonTimedelta(Duration.ofMillis(1500))).isEqualTo("0:00:01.500000");
    assertThat(Tracebacks.pythonTimedelta(Duration.ofHours(13).plusMinutes(5))).isEqualTo("13:05:00");
    assertThat(Tracebacks.pythonTimedelta(Duration.ofDays(1))).isEqualTo("1 day, 0:00:00");
    assertThat(Tracebacks.pythonTimedelta(Duration.ofDays(3).plusSeconds(1))).isEqualTo("3 days, 0:00:01");
  }
}

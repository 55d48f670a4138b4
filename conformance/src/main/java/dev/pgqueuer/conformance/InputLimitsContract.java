package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.dequeueRequest;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.Payload;
import dev.pgqueuer.Schedule;
import dev.pgqueuer.ScheduleKey;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.Limits;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.ScheduleSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The input limits of {@link Limits} (section 10): text PostgreSQL could not index, or would store as something
 * else, is rejected by both backends alike, at the exact boundary and whatever the content; text inside the limits
 * is stored and read back unchanged.
 */
public interface InputLimitsContract extends ContractSupport {

  /** Text of exactly {@code bytes} UTF-8 bytes that compresses badly: a fixed random mix of 1- to 4-byte characters. */
  private static String incompressible(int bytes) {
    Random random = new Random(bytes);
    String[] alphabet = {"a", "Z", "7", "é", "ж", "€", "中", "😀", "𝄞"};
    StringBuilder out = new StringBuilder();
    int used = 0;
    while (used < bytes) {
      String s = alphabet[random.nextInt(alphabet.length)];
      int size = s.getBytes(StandardCharsets.UTF_8).length;
      if (used + size > bytes) {
        s = "x";
        size = 1;
      }
      out.append(s);
      used += size;
    }
    return out.toString();
  }

  @Test
  default void entrypointAndDedupeKeyOfExactlyTheLimitAreStoredClaimedAndReadBack(TestQueue q) {
    // GIVEN texts of exactly the limit, with characters of every UTF-8 width
    String entrypoint = incompressible(Limits.MAX_KEY_BYTES);
    String key = incompressible(Limits.MAX_KEY_BYTES - 1) + "k";
    // WHEN
    JobId id = q.enqueue(NewJob.of(entrypoint).withDedupeKey(key));
    List<Job> claimed = dequeue(q, dequeueRequest().entrypoint(entrypoint).build());
    // THEN
    assertThat(claimed).extracting(Job::id).containsExactly(id);
    assertThat(claimed.get(0).entrypoint()).isEqualTo(entrypoint);
    assertThat(claimed.get(0).dedupeKey()).isEqualTo(key);
  }

  @Test
  default void entrypointOneByteOverTheLimitIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "entrypoint must have at most 1024 bytes",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("a".repeat(Limits.MAX_KEY_BYTES + 1)))));
  }

  @Test
  default void aMultiByteCharacterStraddlingTheLimitIsRejected(TestQueue q) {
    // 1,023 ASCII bytes and a 2-byte character: 1,024 characters, 1,025 bytes
    NoEffect.assertRejected(q, IllegalArgumentException.class, "got 1025",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("a".repeat(1023) + "é"))));
  }

  @Test
  default void aFourByteCharacterEndingExactlyAtTheLimitIsAccepted(TestQueue q) {
    String entrypoint = "a".repeat(Limits.MAX_KEY_BYTES - 4) + "😀";
    JobId id = q.enqueue(entrypoint);
    assertThat(job(q, id).entrypoint()).isEqualTo(entrypoint);
  }

  @Test
  default void aFourByteCharacterStraddlingTheLimitIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "got 1025",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("a".repeat(Limits.MAX_KEY_BYTES - 3) + "😀"))));
  }

  @Test
  default void dedupeKeyOneByteOverTheLimitIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "dedupeKey must have at most 1024 bytes",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("€".repeat(342)))));
  }

  @Test
  default void anUnpairedHighSurrogateInAnEntrypointIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "entrypoint must be well-formed UTF-16",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("job-\uD83D"))));
  }

  @Test
  default void aLoneLowSurrogateInADedupeKeyIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "dedupeKey must be well-formed UTF-16",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("\uDE00k"))));
  }

  @Test
  default void anUnpairedSurrogateInAHeaderValueIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "headers[k] must be well-formed UTF-16",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withHeaders(Map.of("k", "v\uD800")))));
  }

  @Test
  default void anUnpairedSurrogateInAHeaderKeyIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "headers key must be well-formed UTF-16",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withHeaders(Map.of("\uDC00", "v")))));
  }

  @Test
  default void entrypointsThatDifferOnlyInASupplementaryCharacterStayApart(TestQueue q) {
    JobId smile = q.enqueue("job-😀");
    q.enqueue("job-😁");
    assertThat(dequeue(q, 10, "job-😀")).extracting(Job::id).containsExactly(smile);
  }

  @Test
  default void headersOfExactlyTheLimitAreStored(TestQueue q) {
    String value = "v".repeat(Limits.MAX_HEADERS_BYTES - 2);
    JobId id = q.enqueue(NewJob.of("e").withHeaders(Map.of("k1", value)));
    assertThat(job(q, id).headers()).containsExactly(Map.entry("k1", value));
  }

  @Test
  default void headersOneByteOverTheLimitAreRejected(TestQueue q) {
    Map<String, String> headers = Map.of("k12", "v".repeat(Limits.MAX_HEADERS_BYTES - 2));
    NoEffect.assertRejected(q, IllegalArgumentException.class, "headers must have at most 1048576 bytes",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withHeaders(headers))));
  }

  @Test
  default void payloadOfExactlyTheLimitIsStored(TestQueue q) {
    byte[] bytes = new byte[Limits.MAX_PAYLOAD_BYTES];
    new Random(1).nextBytes(bytes);
    JobId id = q.enqueue(NewJob.of("e").withPayload(Payload.of(bytes)));
    Payload stored = job(q, id).payload();
    assertThat(stored).isNotNull();
    assertThat(stored.toByteArray()).isEqualTo(bytes);
  }

  @Test
  default void payloadOneByteOverTheLimitIsRejected(TestQueue q) {
    Payload payload = Payload.of(new byte[Limits.MAX_PAYLOAD_BYTES + 1]);
    NoEffect.assertRejected(q, IllegalArgumentException.class, "payload must have at most 67108864 bytes",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withPayload(payload))));
  }

  @Test
  default void scheduleEntrypointAndExpressionOfExactlyTheLimitAreStored(TestQueue q) {
    String entrypoint = incompressible(Limits.MAX_KEY_BYTES);
    String expression = incompressible(Limits.MAX_KEY_BYTES - 1) + "*";
    assertThat(q.repository().insertSchedules(List.of(ScheduleSpec.of(entrypoint, expression, Duration.ZERO))))
        .isEqualTo(1);
    assertThat(q.repository().peekSchedules()).extracting(Schedule::key)
        .containsExactly(new ScheduleKey(entrypoint, expression));
  }

  @Test
  default void scheduleExpressionOneByteOverTheLimitIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "expression must have at most 1024 bytes",
        () -> q.repository().insertSchedules(List.of(ScheduleSpec.of("e", "*".repeat(1025), Duration.ZERO))));
  }

  @Test
  default void aDelayTooNegativeToNegateIsRejectedAsBadInput(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "delay must be within",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDelay(Duration.ofSeconds(Long.MIN_VALUE)))));
  }

  @Test
  default void theLargestDurationIsRejectedAsBadInput(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "delay must be within",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDelay(Duration.ofSeconds(Long.MAX_VALUE)))));
  }
}

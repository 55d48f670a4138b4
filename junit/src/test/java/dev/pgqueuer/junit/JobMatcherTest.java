package dev.pgqueuer.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JobMatcher}: criteria, mismatch explanations and descriptions. */
@PgQueuerTest
class JobMatcherTest {

  @Test
  void matchesEveryCriterionOfAStoredJob(TestQueue queue) {
    queue.advance(Duration.ofMinutes(1));
    queue.enqueue(NewJob.of("mail").withPayload("{\"to\":\"ada\"}").withPriority(4).withDelay(Duration.ofSeconds(90))
        .withHeaders(Map.of("a", "1")).withDedupeKey("k"));
    Job job = queue.jobs().get(0);
    JobMatcher all = JobMatcher.entrypoint("mail").id(job.id()).payload("{\"to\":\"ada\"}").priority(4)
        .delay(Duration.ofSeconds(90)).executeAfter(queue.now().plusSeconds(90)).header("a", "1")
        .headers(Map.of("a", "1")).dedupeKey("k").status(JobStatus.QUEUED).attempts(0)
        .payloadMatching("mentioning ada", text -> text.contains("ada"))
        .matching("created now", j -> j.created().equals(queue.now()));
    assertThat(all.test(job)).isTrue();
    assertThat(all.mismatches(job)).isEmpty();
    assertThat(JobMatcher.any().test(job)).isTrue();
  }

  @Test
  void explainsWhichCriteriaAJobMisses(TestQueue queue) {
    queue.enqueue(NewJob.of("mail"));
    Job job = queue.jobs().get(0);
    JobMatcher matcher = JobMatcher.entrypoint("mail").noPayload().priority(1).dedupeKey(null).header("x", "y");
    assertThat(matcher.mismatches(job)).containsExactly("priority=1", "header \"x\"=\"y\"");
    assertThat(matcher).hasToString("{entrypoint=\"mail\", no payload, priority=1, no dedupeKey, header \"x\"=\"y\"}");
    assertThat(JobMatcher.any()).hasToString("{any job}");
  }
}

package dev.pgqueuer.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.junit.Backend;
import dev.pgqueuer.junit.DrainOptions;
import dev.pgqueuer.junit.ParityTest;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.spring.boot.PgQueuerAutoConfiguration;
import dev.pgqueuer.spring.boot.PgQueuerHandler;
import dev.pgqueuer.spring.boot.PgQueuerSchedule;
import dev.pgqueuer.spring.boot.PgQueuerWorker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;

/** {@link PgQueuerSpringTest}: a fresh queue per test, bound to the application, drained on the test's thread. */
@SpringBootTest(classes = PgQueuerSpringTestTest.App.class)
@PgQueuerSpringTest
class PgQueuerSpringTestTest {

  @SpringBootConfiguration
  @ImportAutoConfiguration(PgQueuerAutoConfiguration.class)
  @Import({Signups.class, Mails.class})
  static class App {}

  /** Application code: enqueues through the repository bean. */
  @Service
  static class Signups {
    private final Repository queue;

    Signups(Repository queue) {
      this.queue = queue;
    }

    void signUp(String email) {
      queue.enqueue(EnqueueRequest.of(NewJob.of("welcome").withPayload(email)));
      queue.enqueue(EnqueueRequest.of(NewJob.of("reminder").withPayload(email).withDelay(Duration.ofDays(3))));
    }
  }

  /** Application handlers and a schedule. */
  @Service
  static class Mails {
    final List<String> sent = new CopyOnWriteArrayList<>();
    int flaky = 1;

    @PgQueuerHandler(value = "welcome", retryAttempts = 2, retryInitialDelay = "30s", retryMaxDelay = "30s")
    void welcome(String email) {
      if (flaky-- > 0) {
        throw new IllegalStateException("mail server down (expected by the test)");
      }
      sent.add("welcome " + email);
    }

    @PgQueuerHandler("reminder")
    void reminder(String email) {
      sent.add("reminder " + email);
    }

    @PgQueuerSchedule(entrypoint = "digest", cron = "0 8 * * *")
    void digest() {
      sent.add("digest");
    }
  }

  @Autowired
  Signups signups;

  @Autowired
  Mails mails;

  @Autowired
  BoundTestQueue bound;

  @Autowired
  PgQueuerWorker worker;

  @ParityTest
  void theApplicationsHandlersRunWhenTheTestDrainsItsQueue(TestQueue queue, Backend backend) {
    mails.sent.clear();
    mails.flaky = 1;
    signups.signUp("ada@example.com");

    queue.drain(DrainOptions.defaults().upTo(queue.now().plus(Duration.ofDays(4))));

    assertThat(mails.sent).containsExactly("welcome ada@example.com", "reminder ada@example.com");
    List<JobStatus> log = queue.repository().jobLog(dev.pgqueuer.JobId.of(1)).stream().map(LogEntry::status)
        .collect(Collectors.toList());
    assertThat(log).as("retried once after 30 s on %s", backend.label())
        .containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.QUEUED, JobStatus.PICKED,
            JobStatus.SUCCESSFUL);
    assertThat(worker.isRunning()).as("the application's own worker does not run").isFalse();
  }

  @ParityTest
  void eachTestGetsAFreshQueue(TestQueue queue) {
    assertThat(queue.jobs()).isEmpty();
    signups.signUp("grace@example.com");
    assertThat(queue.enqueued()).hasSize(2);
    assertThat(queue.enqueued().get(0).id().value()).as("ids start at 1 in every test").isEqualTo(1);
  }

  @Test
  void schedulesRunOnTheTestClock(TestQueue queue) {
    mails.sent.clear();
    assertThat(bound.runDueSchedules()).isEmpty();

    queue.advance(Duration.ofDays(1));

    assertThat(bound.runDueSchedules()).hasSize(1);
    assertThat(mails.sent).containsExactly("digest");
  }

  @Test
  void theBoundQueueIsTheInjectedOne(TestQueue queue, Repository repository) {
    assertThat(bound.queue()).isSameAs(queue);
    repository.enqueue(EnqueueRequest.of(NewJob.of("reminder")));
    assertThat(queue.enqueued()).hasSize(1);
  }

  @Test
  void theRepositoryBeanRefusesCallsOutsideATest() {
    BoundTestQueue unbound = new BoundTestQueue(null, java.time.ZoneOffset.UTC);
    assertThatThrownBy(() -> unbound.repository().queueSize()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no test queue is bound");
  }
}

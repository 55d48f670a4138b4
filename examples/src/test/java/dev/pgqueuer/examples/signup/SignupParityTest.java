package dev.pgqueuer.examples.signup;

import static dev.pgqueuer.JobStatus.PICKED;
import static dev.pgqueuer.JobStatus.QUEUED;
import static dev.pgqueuer.JobStatus.SUCCESSFUL;
import static dev.pgqueuer.junit.assertj.PgQueuerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.junit.Backend;
import dev.pgqueuer.junit.DrainOptions;
import dev.pgqueuer.junit.ParityTest;
import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The whole sign-up flow, once on the in-memory queue and once on PostgreSQL: the same ids, the same log with the
 * same timestamps, the same mails. A failure on one backend only is a parity bug in the library.
 */
@PgQueuerTest
class SignupParityTest {

  @ParityTest
  void signUpRetryAndReminderBehaveIdenticallyOnEveryBackend(TestQueue queue, Backend backend) {
    // GIVEN a flaky mail server and two users
    Instant start = queue.now();
    FlakyOutbox outbox = new FlakyOutbox(1);
    Accounts accounts = new InMemoryAccounts();
    new SignupJobs(outbox, accounts, SignupJobsTest.RETRY).entrypoints().forEach(queue::handle);
    SignupService signups = new SignupService(queue.repository(), accounts);
    signups.signUp("ada@example.com", "Ada");
    signups.signUp("grace@example.com", "Grace");
    // WHEN four days pass (Grace confirms after one)
    queue.drain(DrainOptions.defaults().upTo(start.plus(Duration.ofDays(1))));
    signups.activate("grace@example.com");
    queue.drain(DrainOptions.defaults().upTo(start.plus(Duration.ofDays(4))));
    // THEN
    assertThat(outbox.delivered().sent()).extracting(Mail::to, Mail::subject).containsExactly(
        org.assertj.core.groups.Tuple.tuple("grace@example.com", "Welcome, Grace!"),
        org.assertj.core.groups.Tuple.tuple("ada@example.com", "Welcome, Ada!"),
        org.assertj.core.groups.Tuple.tuple("ada@example.com", "Your account is waiting"));
    assertThat(queue).isEmpty();
    // ids 1 and 3 are the welcome mails, 2 and 4 the reminders
    assertThat(queue).job(JobId.of(1)).hasLog(QUEUED, PICKED, QUEUED, PICKED, SUCCESSFUL);
    assertThat(queue).job(JobId.of(3)).hasLog(QUEUED, PICKED, SUCCESSFUL);
    List<Instant> times = queue.repository().jobLog(JobId.of(1)).stream().map(LogEntry::created).toList();
    assertThat(times).as("log times on %s", backend.label())
        .containsExactly(start, start, start, start.plusSeconds(30), start.plusSeconds(30));
    assertThat(queue).job(JobId.of(2)).hasLog(QUEUED, PICKED, SUCCESSFUL);
  }
}

package dev.pgqueuer.examples.signup;

import static dev.pgqueuer.junit.assertj.PgQueuerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.junit.Backend;
import dev.pgqueuer.junit.ParityTest;
import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.junit.postgres.TestPostgres;
import dev.pgqueuer.worker.DrainResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The account and its mails commit together, on both backends: on PostgreSQL the account is a row of a table in
 * the same transaction as the jobs ({@link JdbcAccounts}); in memory it joins the queue's unit of work
 * ({@link InMemoryAccounts}). A rejected sign-up leaves no mail job, and the mail handler never runs for an account
 * that is not committed.
 */
@PgQueuerTest
class SignupTransactionTest {

  private static Accounts accountsFor(TestQueue queue, Backend backend) {
    return backend == Backend.POSTGRES
        ? new JdbcAccounts(TestPostgres.sharedOrAbort().directDataSource(), queue.repository().names().schema())
            .createTable()
        : new InMemoryAccounts();
  }

  @ParityTest
  void aRejectedSignUpLeavesNeitherAccountNorMailJob(TestQueue queue, Backend backend) {
    // GIVEN a screening that rejects the address after the account and mails were written
    Accounts accounts = accountsFor(queue, backend);
    SignupService signups = new SignupService(queue.repository(), accounts, email -> false);
    // WHEN
    boolean created = signups.signUp("mallory@example.com", "Mallory");
    // THEN
    assertThat(created).isFalse();
    assertThat(accounts.find("mallory@example.com")).isEmpty();
    assertThat(queue).isEmpty();
    assertThat(queue.repository().queueLog()).isEmpty();
  }

  @ParityTest
  void theMailHandlerNeverSeesAnUncommittedAccount(TestQueue queue, Backend backend) {
    // GIVEN handlers whose outbox notes whether the addressee's account was visible when the mail went out
    Accounts accounts = accountsFor(queue, backend);
    List<Optional<Accounts.Account>> seenBySender = new ArrayList<>();
    InMemoryOutbox outbox = new InMemoryOutbox();
    new SignupJobs(mail -> {
      seenBySender.add(accounts.find(mail.to()));
      outbox.send(mail);
    }, accounts, SignupJobsTest.RETRY).entrypoints().forEach(queue::handle);
    List<DrainResult> drainedWhileOpen = new ArrayList<>();
    SignupService signups = new SignupService(queue.repository(), accounts, email -> {
      // WHEN a worker drains the queue while the sign-up's transaction is still open
      drainedWhileOpen.add(queue.drain());
      assertThat(accounts.find(email)).as("uncommitted account, seen from outside").isEmpty();
      return true;
    });
    // WHEN
    assertThat(signups.signUp("ada@example.com", "Ada")).isTrue();
    DrainResult afterCommit = queue.drain();
    // THEN nothing ran before the commit, and the mail went out after it, to a committed account
    assertThat(drainedWhileOpen).singleElement().satisfies(r -> assertThat(r.processed()).isZero());
    assertThat(afterCommit.processed()).isEqualTo(1);
    assertThat(outbox.sent()).extracting(Mail::subject).containsExactly("Welcome, Ada!");
    assertThat(seenBySender).singleElement().satisfies(a -> assertThat(a).isPresent());
  }
}

package com.example.memory;

import static dev.pgqueuer.junit.JobMatcher.entrypoint;
import static dev.pgqueuer.junit.assertj.PgQueuerAssertions.assertThat;

import dev.pgqueuer.junit.ParityTest;
import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.junit.WithoutDatabase;
import org.junit.jupiter.api.Test;

/** A project without any way to get PostgreSQL: in-memory tests run; a parity test's PostgreSQL leg cannot. */
@PgQueuerTest
class InMemoryOnlyTest {

  @Test
  void inMemoryTestsNeedNoDatabase(TestQueue queue) {
    queue.enqueue("welcome-mail", "ada@example.com");
    assertThat(queue).hasEnqueued(entrypoint("welcome-mail").payload("ada@example.com"));
  }

  @ParityTest(withoutDatabase = WithoutDatabase.SKIP)
  void parityLegOnPostgresIsSkippedWhenAllowed(TestQueue queue) {
    queue.enqueue("welcome-mail", "ada@example.com");
    assertThat(queue).hasEnqueued(entrypoint("welcome-mail"));
  }
}

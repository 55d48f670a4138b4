package dev.pgqueuer.junit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.postgres.PostgresRepository;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Fresh queues: isolated, installed, ids from 1, their own channel; kept on request; reused only when unchanged. */
class TestPostgresTest {

  @Test
  void freshQueuesAreInstalledIsolatedAndStartAtIdOne() {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    try (FreshQueue a = pg.newQueue(ManualClock.create()); FreshQueue b = pg.newQueue(ManualClock.create())) {
      assertThat(a.schema()).isNotEqualTo(b.schema());
      assertThat(a.repository().isInstalled()).isTrue();
      assertThat(a.repository().channel()).isEqualTo(a.schema() + ".ch_pgqueuer");
      JobId first = a.repository().enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
      JobId second = a.repository().enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
      assertThat(first).isEqualTo(JobId.of(1));
      assertThat(second).isEqualTo(JobId.of(2));
      assertThat(b.repository().enqueue(EnqueueRequest.of(NewJob.of("e"))).single()).isEqualTo(JobId.of(1));
      assertThat(b.repository().queuedWork(Set.of("e"))).isEqualTo(1);
    }
  }

  @Test
  void closingTheRepositoryReleasesTheQueueAndAReusedSchemaStartsEmptyAtIdOne() throws Exception {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    FreshQueue used = pg.newQueue(ManualClock.create());
    PostgresRepository repo = used.repository();
    repo.enqueue(EnqueueRequest.of(NewJob.of("e"), NewJob.of("e")));
    repo.close();
    for (int i = 0; i < 40; i++) {
      try (FreshQueue next = pg.newQueue(ManualClock.create())) {
        assertThat(next.repository().queueLog()).isEmpty();
        assertThat(next.repository().enqueue(EnqueueRequest.of(NewJob.of("e"))).single()).isEqualTo(JobId.of(1));
      }
    }
  }

  @Test
  void aKeptSchemaSurvivesClosingMarkedSoThatNoLaterRunSweepsIt() throws Exception {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    String schema;
    try (FreshQueue queue = pg.newQueue(ManualClock.create()).keepOnClose()) {
      schema = queue.schema();
      assertThat(queue.isKeptOnClose()).isTrue();
    }
    assertThat(Schemas.exists(pg, schema)).isTrue();
    assertThat(Schemas.comment(pg, schema)).isEqualTo(SchemaOwnership.KEPT_COMMENT);
    Schemas.drop(pg, schema);
  }

  @Test
  void aSchemaATestUninstalledIsNotHandedOutAgain() throws Exception {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    String schema;
    try (FreshQueue queue = pg.newQueue(ManualClock.create())) {
      schema = queue.schema();
      queue.repository().uninstall();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (Schemas.exists(pg, schema) && System.nanoTime() < deadline) {
      try (FreshQueue other = pg.newQueue(ManualClock.create())) {
        assertThat(other.schema()).isNotEqualTo(schema);
        assertThat(other.repository().isInstalled()).isTrue();
      }
    }
    assertThat(Schemas.exists(pg, schema)).as("the changed schema is dropped").isFalse();
  }

  @Test
  void availabilityIsReportedWithoutThrowing() {
    assertThat(TestPostgres.isAvailable()).isEqualTo(TestPostgres.unavailableReason().isEmpty());
  }
}

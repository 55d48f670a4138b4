package dev.pgqueuer.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.CancellationEvent;
import dev.pgqueuer.HealthCheckEvent;
import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.testdatabase.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The default channel is PgQueuer's ({@code <prefix>ch_pgqueuer}, whatever the schema): a queue hears PgQueuer's
 * events (emulated here with the NOTIFY payloads PgQueuer sends) and other services of its schema, never acts on
 * the events of a queue in another schema sharing the channel, and keeps hearing wake-ups after PgQueuer's
 * {@code upgrade} replaced the trigger function.
 */
class PostgresSharedChannelTest {

  private final String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final String prefix = "c" + tag + "_";
  private final String schemaA = "pgq_ch_a_" + tag;
  private final String schemaB = "pgq_ch_b_" + tag;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void drop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    sql("DROP SCHEMA IF EXISTS \"" + schemaA + "\" CASCADE; DROP SCHEMA IF EXISTS \"" + schemaB + "\" CASCADE");
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = TestPostgres.sharedOrAbort().directDataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  private void pgqueuerNotify(String payload) throws Exception {
    try (Connection c = TestPostgres.sharedOrAbort().directDataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      ps.setString(1, prefix + "ch_pgqueuer");
      ps.setString(2, payload);
      ps.execute();
    }
  }

  private PostgresRepository repo(String schema) {
    PostgresRepository r = PostgresRepository.builder(TestPostgres.sharedOrAbort().dataSource())
        .listenerDataSource(TestPostgres.sharedOrAbort().directDataSource())
        .names(SchemaNames.of(schema, prefix)).build();
    open.add(r);
    return r;
  }

  private BlockingQueue<QueueEvent> listen(PostgresRepository repo) {
    BlockingQueue<QueueEvent> events = new LinkedBlockingQueue<>();
    Subscription s = repo.subscribe(events::add);
    open.add(0, s::close);
    return events;
  }

  @Test
  void theDefaultChannelIsPgQueuersWhateverTheSchemaOnBothBackends() {
    SchemaNames inSchema = SchemaNames.of("jobs", "");
    assertThat(inSchema.channel()).isEqualTo("ch_pgqueuer").isEqualTo(SchemaNames.defaults().channel());
    try (InMemoryRepository memory = InMemoryRepository.create(ManualClock.create());
        PostgresRepository postgres = PostgresRepository.builder(TestPostgres.sharedOrAbort().dataSource())
            .names(inSchema).build()) {
      assertThat(memory.channel()).isEqualTo(postgres.channel()).isEqualTo("ch_pgqueuer");
    }
  }

  @Test
  void aQueueHearsPgQueuersEventsAndAnotherServiceOfItsSchema() throws Exception {
    PostgresRepository a = repo(schemaA);
    a.install();
    BlockingQueue<QueueEvent> events = listen(a);
    String channel = prefix + "ch_pgqueuer";
    UUID probe = UUID.randomUUID();
    // PgQueuer's payloads: no schema key
    pgqueuerNotify("{\"channel\": \"" + channel + "\", \"operation\": \"insert\", \"sent_at\": "
        + "\"2026-11-24T01:13:30.122629+00:00\", \"table\": \"" + prefix + "pgqueuer\", \"type\": \"table_changed_event\"}");
    pgqueuerNotify("{\"channel\": \"" + channel + "\", \"sent_at\": \"2026-11-24T01:13:30.2Z\", \"type\": "
        + "\"cancellation_event\", \"received_at\": \"2026-11-24T01:13:30.2Z\", \"ids\": [7]}");
    pgqueuerNotify("{\"channel\": \"" + channel + "\", \"sent_at\": \"2026-11-24T01:13:30.3Z\", \"type\": "
        + "\"health_check_event\", \"received_at\": \"2026-11-24T01:13:30.3Z\", \"id\": \"" + probe + "\"}");
    // another Java service on the same schema
    repo(schemaA).enqueue(EnqueueRequest.of(NewJob.of("e")));
    assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOf(TableChangedEvent.class);
    assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(CancellationEvent.class,
        e -> assertThat(e.ids()).containsExactly(JobId.of(7)));
    assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(HealthCheckEvent.class,
        e -> assertThat(e.id()).isEqualTo(probe));
    assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(TableChangedEvent.class,
        e -> assertThat(e.table()).isEqualTo(prefix + "pgqueuer"));
  }

  @Test
  void queuesInDifferentSchemasSharingTheChannelNeverActOnEachOthersEvents() throws Exception {
    PostgresRepository a = repo(schemaA);
    PostgresRepository b = repo(schemaB);
    a.install();
    b.install();
    assertThat(a.channel()).isEqualTo(b.channel());
    BlockingQueue<QueueEvent> events = listen(a);
    // B's enqueue, its cancellation of job 1 (an id A has too) and its health check
    JobId mine = a.enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
    assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOf(TableChangedEvent.class);
    b.enqueue(EnqueueRequest.of(NewJob.of("e")));
    b.cancelJobs(List.of(JobId.of(1)));
    b.notifyHealthCheck(UUID.randomUUID());
    // then A's own health check: notifications arrive in commit order, so B's would have come first
    UUID own = UUID.randomUUID();
    a.notifyHealthCheck(own);
    assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(HealthCheckEvent.class,
        e -> assertThat(e.id()).isEqualTo(own));
    assertThat(events).isEmpty();
    assertThat(a.findJob(mine)).isPresent();
  }

  @Test
  void aQueueKeepsHearingWakeUpsAfterPgQueuersUpgradeReplacedTheTriggerFunction() throws Exception {
    PostgresRepository a = repo(schemaA);
    a.install();
    BlockingQueue<QueueEvent> events = listen(a);
    // PgQueuer's trigger function body: the same event, without the schema key, with the database's now()
    sql("CREATE OR REPLACE FUNCTION \"" + schemaA + "\".\"" + prefix + "fn_pgqueuer_changed\"() RETURNS TRIGGER "
        + "LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'UPDATE' THEN PERFORM pg_notify('" + prefix + "ch_pgqueuer', "
        + "json_build_object('channel', '" + prefix + "ch_pgqueuer', 'operation', lower(TG_OP), 'sent_at', now(), "
        + "'table', TG_TABLE_NAME, 'type', 'table_changed_event')::text); END IF; RETURN NULL; END; $$");
    a.enqueue(EnqueueRequest.of(NewJob.of("e")));
    assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOf(TableChangedEvent.class);
    // and our upgrade puts the schema tag back, which PgQueuer ignores
    a.upgrade();
    assertThat(a.schema().verify().ok()).isTrue();
  }
}

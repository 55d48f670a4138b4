package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgqueuer.HealthCheckEvent;
import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL side of section 8: the wire format is PgQueuer's JSON (so PgQueuer processes sharing the queue
 * understand it), {@code sent_at} is the call's injected {@code now}, and a subscription survives the loss of its
 * LISTEN connection.
 */
class PostgresNotificationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void tableEventsArePgQueuersJsonWithTheCallsNowAsSentAt() throws Exception {
    ManualClock clock = ManualClock.startingAt(Instant.parse("2026-05-17T08:30:00.654321Z"));
    try (PgTestQueue queue = PgTestQueue.open(TestPostgres.sharedOrAbort(), clock);
        Connection listener = TestPostgres.sharedOrAbort().directDataSource().getConnection()) {
      PostgresRepository repo = queue.repository();
      try (Statement st = listener.createStatement()) {
        st.execute("LISTEN \"" + repo.channel() + "\"");
      }
      repo.enqueue(EnqueueRequest.of(NewJob.of("e")));
      repo.cancelJobs(List.of(JobId.of(1)));
      List<String> payloads = receive(listener, 3);

      JsonNode insert = JSON.readTree(payloads.get(0));
      assertThat(fieldNames(insert)).containsExactly("channel", "operation", "sent_at", "table", "type", "schema");
      assertThat(insert.get("schema").asText()).isEqualTo(queue.schemaName());
      assertThat(insert.get("channel").asText()).isEqualTo(queue.schemaName() + ".ch_pgqueuer");
      assertThat(insert.get("operation").asText()).isEqualTo("insert");
      assertThat(insert.get("table").asText()).isEqualTo("pgqueuer");
      assertThat(insert.get("type").asText()).isEqualTo("table_changed_event");
      assertThat(OffsetDateTime.parse(insert.get("sent_at").asText()).toInstant()).isEqualTo(clock.instant());

      JsonNode delete = JSON.readTree(payloads.get(1));
      assertThat(delete.get("operation").asText()).isEqualTo("delete");
      JsonNode cancel = JSON.readTree(payloads.get(2));
      assertThat(fieldNames(cancel)).containsExactly("channel", "sent_at", "type", "ids", "schema");
      assertThat(cancel.get("type").asText()).isEqualTo("cancellation_event");
      assertThat(cancel.get("ids").get(0).asLong()).isEqualTo(1);
      assertThat(OffsetDateTime.parse(cancel.get("sent_at").asText()).toInstant()).isEqualTo(clock.instant());
    }
  }

  @Test
  void subscriptionSurvivesTheLossOfItsListenConnection() throws Exception {
    try (PgTestQueue queue = PgTestQueue.open(TestPostgres.sharedOrAbort(), ManualClock.create())) {
      PostgresRepository repo = queue.repository();
      BlockingQueue<QueueEvent> events = new LinkedBlockingQueue<>();
      Subscription subscription = repo.subscribe(events::add);
      try {
        assertThat(terminateListener(repo.channel())).as("listener backends terminated").isEqualTo(1);
        UUID probe = UUID.randomUUID();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean arrived = false;
        while (!arrived && System.nanoTime() < deadline) {
          repo.notifyHealthCheck(probe);
          QueueEvent e = events.poll(500, TimeUnit.MILLISECONDS);
          arrived = e instanceof HealthCheckEvent && ((HealthCheckEvent) e).id().equals(probe);
        }
        assertThat(arrived).as("a probe sent after the reconnect arrives").isTrue();
      } finally {
        subscription.close();
      }
    }
  }

  private static int terminateListener(String channel) throws Exception {
    try (Connection c = TestPostgres.sharedOrAbort().dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            + "WHERE application_name = ? AND pid <> pg_backend_pid()")) {
      ps.setString(1, "pgqueuer listen " + channel);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static List<String> receive(Connection listener, int count) throws Exception {
    PGConnection pg = listener.unwrap(PGConnection.class);
    List<String> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (out.size() < count && System.nanoTime() < deadline) {
      PGNotification[] batch = pg.getNotifications(500);
      if (batch != null) {
        for (PGNotification n : batch) {
          out.add(n.getParameter());
        }
      }
    }
    assertThat(out).hasSize(count);
    return out;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.properties().forEach(e -> names.add(e.getKey()));
    return names;
  }
}

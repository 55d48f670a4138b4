package dev.pgqueuer.examples.signup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.port.SchemaNames;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The production wiring on a real PostgreSQL (the tests' server): installs its schema, runs a threaded worker on the
 * database clock, and sends the welcome mail. Waits on the outbox (woken by each send), never sleeps.
 */
class SignupAppTest {

  @Test
  void installsTheQueueAndSendsTheWelcomeMail() throws Exception {
    // GIVEN a schema of our own in the test database
    DataSource database = TestPostgres.shared().dataSource();
    String schema = "signup_app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    InMemoryOutbox outbox = new InMemoryOutbox();
    try (SignupApp app = SignupApp.start(database, SchemaNames.of(schema, ""), outbox)) {
      assertThat(app.repository().isInstalled()).isTrue();
      // WHEN
      assertThat(app.signups().signUp("ada@example.com", "Ada")).isTrue();
      // THEN
      assertThat(outbox.awaitSent(1, Duration.ofSeconds(30))).as("welcome mail sent").isTrue();
      assertThat(outbox.sent()).extracting(Mail::subject).containsExactly("Welcome, Ada!");
    } finally {
      try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
      }
    }
  }
}

package dev.pgqueuer.junit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.postgres.PostgresRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Proves the embedded path on its own, whatever server the other tests use: the binaries from Maven Central start
 * (as {@code nobody} when the tests run as root) and serve a queue.
 */
class EmbeddedPostgresServerTest {

  @Test
  void embeddedServerStartsFromMavenCentralBinariesAndServesAQueue() throws Exception {
    assertThat(EmbeddedPostgresServer.isSupported()).as("zonky binaries on the test class path").isTrue();
    try (EmbeddedPostgresServer server = TestPostgres.startEmbedded()) {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(server.jdbcUrl());
      ManualClock clock = ManualClock.create();
      try (PostgresRepository repo = PostgresRepository.builder(ds).names(SchemaNames.of("embedded_check", ""))
          .clock(clock).build()) {
        repo.install();
        JobId id = repo.enqueue(EnqueueRequest.of(NewJob.of("mail"))).single();
        List<Job> picked = repo.dequeue(DequeueRequest.builder(WorkerId.random()).entrypoint("mail").build());
        assertThat(picked).extracting(Job::id).containsExactly(id);
        assertThat(id).isEqualTo(JobId.of(1));
      }
      if (Unprivileged.isRoot()) {
        assertThat(serverUid(ds)).as("the server must not run as root").isEqualTo(Unprivileged.NOBODY);
      }
    }
  }

  private static int serverUid(PGSimpleDataSource ds) throws Exception {
    int pid;
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      pid = rs.getInt(1);
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("Uid:")) {
          return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    }
    throw new AssertionError("no Uid line for backend " + pid);
  }
}

package dev.pgqueuer.testdatabase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Proves the embedded path on its own, whatever server the other tests use: the binaries from Maven Central start
 * (as {@code nobody} when the tests run as root) and serve SQL.
 */
class EmbeddedPostgresServerTest {

  @Test
  void embeddedServerStartsFromMavenCentralBinariesAndServesSql() throws Exception {
    assertThat(EmbeddedPostgresServer.isSupported()).as("zonky binaries on the test class path").isTrue();
    try (EmbeddedPostgresServer server = TestPostgres.startEmbedded()) {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(server.jdbcUrl());
      try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE embedded_check (id bigserial PRIMARY KEY, entrypoint text NOT NULL)");
        st.execute("INSERT INTO embedded_check (entrypoint) VALUES ('mail')");
        try (ResultSet rs = st.executeQuery("SELECT id, entrypoint, current_setting('server_version_num') "
            + "FROM embedded_check")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isEqualTo(1);
          assertThat(rs.getString(2)).isEqualTo("mail");
          assertThat(rs.getInt(3)).as("PostgreSQL 18 binaries").isGreaterThanOrEqualTo(180_000);
        }
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

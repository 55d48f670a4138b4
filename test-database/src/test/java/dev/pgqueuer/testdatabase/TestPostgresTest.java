package dev.pgqueuer.testdatabase;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Schemas are leased per installer, installed by it, distinct, kept on request; availability never throws. */
class TestPostgresTest {

  private static final AtomicInteger INSTALLS = new AtomicInteger();
  private static final SchemaInstaller TABLE = (dataSource, names) -> {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA \"" + names.schema() + "\"");
      st.execute("CREATE TABLE \"" + names.schema() + "\".marker (id int)");
      INSTALLS.incrementAndGet();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  };

  @Test
  void leasedSchemasAreDistinctAndInstalledByTheirInstaller() throws Exception {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    String kept;
    try (TestSchema a = pg.newSchema(TABLE); TestSchema b = pg.newSchema(TABLE)) {
      kept = a.schema();
      assertThat(a.schema()).isNotEqualTo(b.schema()).startsWith("pgqt_");
      assertThat(a.names().schema()).isEqualTo(a.schema());
      assertThat(INSTALLS.get()).isGreaterThanOrEqualTo(2);
      try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement()) {
        st.execute("INSERT INTO \"" + a.schema() + "\".marker VALUES (1)");
        st.execute("INSERT INTO \"" + b.schema() + "\".marker VALUES (1)");
      }
      assertThat(a.keepOnClose().isKeptOnClose()).isTrue();
      assertThat(b.isKeptOnClose()).isFalse();
    }
    assertThat(Schemas.exists(pg, kept)).isTrue();
    assertThat(Schemas.comment(pg, kept)).isEqualTo(SchemaOwnership.KEPT_COMMENT);
    Schemas.drop(pg, kept);
  }

  @Test
  void availabilityIsReportedWithoutThrowing() {
    assertThat(TestPostgres.isAvailable()).isEqualTo(TestPostgres.unavailableReason().isEmpty());
  }
}

package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.RepositoryException;
import dev.pgqueuer.SchemaStateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

  @Test
  void missingSchemaObjectsMeanTheQueueIsNotInstalled() {
    for (String state : new String[] {"42P01", "42704", "3F000"}) {
      assertThat(SqlErrors.map("enqueue", new SQLException("relation does not exist", state)))
          .isInstanceOf(SchemaStateException.class).hasMessageContaining("enqueue").hasMessageContaining("install");
    }
  }

  @Test
  void otherFailuresKeepTheirSqlState() {
    RuntimeException e = SqlErrors.map("dequeue", new SQLException("canceled", "57014"));
    assertThat(e).isInstanceOf(RepositoryException.class).hasMessageContaining("dequeue");
    assertThat(((RepositoryException) e).sqlState()).isEqualTo("57014");
  }

  @Test
  void uniqueViolationsAreRecognisedByState() {
    assertThat(SqlErrors.isUniqueViolation(new SQLException("dup", "23505"), "x_unique_dedupe_key")).isTrue();
    assertThat(SqlErrors.isUniqueViolation(new SQLException("other", "23503"), "x_unique_dedupe_key")).isFalse();
  }
}

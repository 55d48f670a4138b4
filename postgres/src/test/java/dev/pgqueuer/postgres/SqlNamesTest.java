package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.port.SchemaNames;
import org.junit.jupiter.api.Test;

class SqlNamesTest {

  @Test
  void identifiersAreQuotedAndQualifiedBySchemaWhenOneIsSet() {
    SqlNames inSchema = new SqlNames(SchemaNames.of("jobs", "app_"));
    assertThat(inSchema.render("SELECT * FROM {queue} JOIN {log} ON true"))
        .isEqualTo("SELECT * FROM \"jobs\".\"app_pgqueuer\" JOIN \"jobs\".\"app_pgqueuer_log\" ON true");
    SqlNames onSearchPath = new SqlNames(SchemaNames.defaults());
    assertThat(onSearchPath.render("{stats} {schedules} {status} {function} {trigger}"))
        .isEqualTo("\"pgqueuer_statistics\" \"pgqueuer_schedules\" \"pgqueuer_status\" \"fn_pgqueuer_changed\" "
            + "\"tg_pgqueuer_changed\"");
  }

  @Test
  void sequencesAreRenderedAsRegclassLiterals() {
    assertThat(new SqlNames(SchemaNames.of("s", "")).render("nextval({queue_seq})"))
        .isEqualTo("nextval('\"s\".\"pgqueuer_id_seq\"')");
  }

  @Test
  void literalsDoubleTheirQuotes() {
    assertThat(SqlNames.literal("it's")).isEqualTo("'it''s'");
  }

  @Test
  void longIdentifiersAreTruncatedLikePostgresDoes() {
    String name = "x".repeat(70);
    assertThat(SqlNames.truncate(name)).hasSize(63);
    assertThat(SqlNames.quote(name)).hasSize(65);
  }

  @Test
  void aLeftOverPlaceholderIsABug() {
    assertThatThrownBy(() -> SqlNames.complete("SELECT {batch}")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("{batch}");
    assertThat(SqlNames.complete("SELECT '{}'::text[]")).isEqualTo("SELECT '{}'::text[]");
  }
}

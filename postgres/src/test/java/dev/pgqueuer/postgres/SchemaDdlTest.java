package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.port.SchemaNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaDdlTest {

  private static final SchemaNames NAMES = SchemaNames.of("q", "app_");

  @Test
  void installCreatesEveryIndexAndColumnOfTheCatalog() {
    String script = String.join(";\n", new SchemaDdl(new SqlNames(NAMES), Durability.DURABLE).install());
    for (String index : NAMES.indexes()) {
      if (!index.endsWith("_pkey")) {
        assertThat(script).as("index " + index).contains("\"" + index + "\"");
      }
    }
    for (Map.Entry<String, List<String>> table : NAMES.columns().entrySet()) {
      assertThat(script).contains("\"q\".\"" + table.getKey() + "\" (");
      for (String column : table.getValue()) {
        assertThat(script).contains("\n  " + column + " ");
      }
    }
    for (JobStatus s : JobStatus.values()) {
      assertThat(script).contains("'" + s.dbValue() + "'");
    }
  }

  @Test
  void triggerIsStatementLevelOnEveryChangeAndNotifiesTheQualifiedChannel() {
    String script = String.join(";\n", new SchemaDdl(new SqlNames(NAMES), Durability.DURABLE).install());
    assertThat(script).contains("AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \"q\".\"app_pgqueuer\" "
        + "FOR EACH STATEMENT EXECUTE FUNCTION \"q\".\"app_fn_pgqueuer_changed\"()");
    assertThat(script).contains("pg_notify('app_ch_pgqueuer'")
        .contains("current_setting('pgqueuer.now', true)");
  }

  @Test
  void durabilityChoosesUnloggedTables() {
    String volatileScript = String.join("\n", new SchemaDdl(new SqlNames(NAMES), Durability.VOLATILE).install());
    assertThat(volatileScript).contains("CREATE UNLOGGED TABLE \"q\".\"app_pgqueuer\" (")
        .contains("CREATE UNLOGGED TABLE \"q\".\"app_pgqueuer_log\" (");
    String balanced = String.join("\n", new SchemaDdl(new SqlNames(NAMES), Durability.BALANCED).install());
    assertThat(balanced).contains("CREATE TABLE \"q\".\"app_pgqueuer\" (")
        .contains("CREATE UNLOGGED TABLE \"q\".\"app_pgqueuer_log\" (")
        .contains("CREATE TABLE \"q\".\"app_pgqueuer_schedules\" (");
  }

  @Test
  void aChannelThatLooksLikeSqlStaysALiteral() {
    SchemaNames odd = NAMES.withChannel("it's $pgqueuer$ {queue}");
    String function = new SchemaDdl(new SqlNames(odd), Durability.DURABLE).install().stream()
        .filter(s -> s.startsWith("CREATE OR REPLACE FUNCTION")).findFirst().orElseThrow();
    assertThat(function).contains("'it''s $pgqueuer$ {queue}'").contains("AS $pgqueuer0$");
  }

  @Test
  void upgradeIsIdempotentStatementsOnly() {
    for (String statement : new SchemaDdl(new SqlNames(NAMES), Durability.DURABLE).upgrade()) {
      assertThat(statement).satisfiesAnyOf(
          s -> assertThat(s).contains("IF NOT EXISTS"),
          s -> assertThat(s).startsWith("CREATE OR REPLACE FUNCTION"),
          s -> assertThat(s).startsWith("DROP TRIGGER IF EXISTS"),
          s -> assertThat(s).startsWith("CREATE TRIGGER"),
          s -> assertThat(s).startsWith("DO $widen$"));
    }
  }
}

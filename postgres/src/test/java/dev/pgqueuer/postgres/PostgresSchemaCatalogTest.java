package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.port.SchemaNames;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL catalog of a queue: the probes and {@link PostgresSchema#verify()} find every object of an
 * installed queue and name each missing or unexpected one, and the SQL text of {@link SchemaSql} builds the same
 * catalog as {@link PostgresSchema#install()}.
 */
class PostgresSchemaCatalogTest {

  private static void assertProbes(PostgresSchema schema, boolean expected) {
    SchemaNames names = schema.names();
    names.columns().forEach((table, columns) -> {
      assertThat(schema.hasTable(table)).as("table %s", table).isEqualTo(expected);
      columns.forEach(c -> assertThat(schema.hasColumn(table, c)).as("column %s.%s", table, c).isEqualTo(expected));
    });
    names.indexes().forEach(i -> assertThat(schema.hasIndex(i)).as("index %s", i).isEqualTo(expected));
    assertThat(schema.hasFunction(names.function())).as("function").isEqualTo(expected);
    assertThat(schema.hasTrigger(names.trigger())).as("trigger").isEqualTo(expected);
    for (JobStatus s : JobStatus.values()) {
      assertThat(schema.hasEnumLabel(s.dbValue())).as("enum label %s", s.dbValue()).isEqualTo(expected);
    }
    assertThat(schema.isInstalled()).as("isInstalled").isEqualTo(expected);
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = TestPostgres.sharedOrAbort().directDataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Test
  void probesAndVerifyFindEveryObjectOfAnInstalledQueue() {
    try (PgTestQueue queue = PgTestQueue.open(TestPostgres.sharedOrAbort(), ManualClock.create())) {
      PostgresSchema schema = queue.repository().schema();
      assertProbes(schema, true);
      SchemaReport report = schema.verify();
      assertThat(report.missing()).isEmpty();
      assertThat(report.extra()).isEmpty();
      assertThat(report.ok()).isTrue();
      assertThat(report.describe()).startsWith("ok: ");
      assertThat(report.catalog()).hasSizeGreaterThan(50)
          .contains("enum pgqueuer_status: queued,picked,successful,exception,canceled,deleted,failed");
    }
  }

  @Test
  void probesAnswerFalseForUnknownNames() {
    try (PgTestQueue queue = PgTestQueue.open(TestPostgres.sharedOrAbort(), ManualClock.create())) {
      PostgresSchema r = queue.repository().schema();
      SchemaNames names = r.names();
      assertThat(r.hasTable("no_such_table")).isFalse();
      assertThat(r.hasTable(names.statusType())).as("the enum type is not a table").isFalse();
      assertThat(r.hasColumn(names.queueTable(), "no_such_column")).isFalse();
      assertThat(r.hasColumn(names.logTable(), "payload")).as("a queue column on the log table").isFalse();
      assertThat(r.hasColumn("no_such_table", "id")).isFalse();
      assertThat(r.hasIndex("no_such_index")).isFalse();
      assertThat(r.hasFunction("no_such_function")).isFalse();
      assertThat(r.hasTrigger("no_such_trigger")).isFalse();
      assertThat(r.hasEnumLabel("no_such_label")).isFalse();
      assertThat(r.hasEnumLabel("QUEUED")).as("labels are lower case").isFalse();
    }
  }

  @Test
  void probesAndVerifyFollowUninstallAndReinstall() {
    try (PgTestQueue queue = PgTestQueue.open(TestPostgres.sharedOrAbort(), ManualClock.create())) {
      PostgresSchema schema = queue.repository().schema();
      schema.uninstall();
      assertProbes(schema, false);
      SchemaReport report = schema.verify();
      assertThat(report.catalog()).isEmpty();
      assertThat(report.missing()).contains("table pgqueuer", "column pgqueuer.id", "index pgqueuer_ep_ea_idx",
          "function fn_pgqueuer_changed", "trigger tg_pgqueuer_changed", "enum label pgqueuer_status.failed");
      schema.install();
      assertProbes(schema, true);
      assertThat(schema.verify().ok()).isTrue();
    }
  }

  @Test
  void verifyNamesEachMissingAndUnexpectedObject() throws Exception {
    try (PgTestQueue queue = PgTestQueue.open(TestPostgres.sharedOrAbort(), ManualClock.create())) {
      String s = "\"" + queue.schemaName() + "\".";
      execute("DROP INDEX " + s + "pgqueuer_ep_ea_idx; ALTER TABLE " + s + "pgqueuer_log ADD COLUMN legacy int; "
          + "CREATE INDEX extra_idx ON " + s + "pgqueuer (created); ALTER TYPE " + s
          + "pgqueuer_status ADD VALUE 'archived'; CREATE TYPE " + s + "pgqueuer_statistics_status AS ENUM ('x')");
      SchemaReport report = queue.repository().schema().verify();
      assertThat(report.missing()).containsExactly("index pgqueuer_ep_ea_idx");
      assertThat(report.extra()).containsExactly("column pgqueuer_log.legacy", "enum label pgqueuer_status.archived",
          "index extra_idx", "type pgqueuer_statistics_status");
      assertThat(report.ok()).isFalse();
      assertThat(report.describe()).contains("missing: index pgqueuer_ep_ea_idx\n", "extra: index extra_idx\n");
    }
  }

  @Test
  void verifyReportsATriggerFunctionThatNotifiesAnotherChannel() throws Exception {
    try (PgTestQueue queue = PgTestQueue.open(TestPostgres.sharedOrAbort(), ManualClock.create())) {
      SchemaNames other = queue.names().withChannel("elsewhere");
      String script = SchemaSql.of(other).upgrade();
      execute(script);
      SchemaReport report = queue.repository().schema().verify();
      assertThat(report.missing()).containsExactly("notification on channel " + queue.names().channel());
    }
  }

  @Test
  void installScriptBuildsTheSameCatalogAsInstallAndUpgradeScriptIsIdempotent() throws Exception {
    try (PgTestQueue queue = PgTestQueue.open(TestPostgres.sharedOrAbort(), ManualClock.create())) {
      PostgresSchema schema = queue.repository().schema();
      List<String> installed = schema.verify().catalog();
      SchemaSql sql = schema.sql();
      execute(sql.uninstall());
      assertThat(schema.isInstalled()).isFalse();
      execute(sql.install());
      SchemaReport fromText = schema.verify();
      assertThat(fromText.ok()).as(fromText.describe()).isTrue();
      assertThat(fromText.catalog()).isEqualTo(installed);
      execute(sql.upgrade());
      execute(sql.upgrade());
      assertThat(schema.verify().catalog()).isEqualTo(installed);
    }
  }
}

package dev.pgqueuer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.testdatabase.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against PostgreSQL, run in-process: verbs, outputs and exit codes. */
class PgqTest {

  private final String schema = "pgq_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private String url = "";

  /** One run's exit code and output. */
  record Run(int code, String out, String err) {}

  @BeforeEach
  void database() {
    url = TestPostgres.sharedOrAbort().jdbcUrl();
  }

  @AfterEach
  void dropSchema() throws Exception {
    try (Connection c = TestPostgres.sharedOrAbort().directDataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }
  }

  private static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Pgq.run(args, new PrintWriter(out), new PrintWriter(err), env);
    return new Run(code, out.toString(), err.toString());
  }

  private Run pgq(String... args) {
    List<String> all = new ArrayList<>(List.of("--url", url, "--schema", schema));
    all.addAll(List.of(args));
    return run(Map.of(), all.toArray(String[]::new));
  }

  @Test
  void anUnknownVerbExitsTwoAndSaysSo() {
    Run r = run(Map.of(), "frobnicate");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unmatched argument", "frobnicate");
  }

  @Test
  void aBadUrlExitsThreeWithoutPrintingTheQueryString() {
    Run refused = run(Map.of(), "--url", "jdbc:postgresql://127.0.0.1:1/nowhere?password=secret", "queue");
    assertThat(refused.code()).isEqualTo(3);
    assertThat(refused.err()).startsWith("pgq: cannot connect to jdbc:postgresql://127.0.0.1:1/nowhere?…")
        .doesNotContain("secret");
    Run notPostgres = run(Map.of(), "--url", "jdbc:mysql://localhost/db", "queue");
    assertThat(notPostgres.code()).isEqualTo(3);
    assertThat(notPostgres.err()).contains("pgq: not a PostgreSQL JDBC URL");
  }

  @Test
  void noUrlAndABadSchemaNameAreUsageErrors() {
    Run noUrl = run(Map.of(), "queue");
    assertThat(noUrl.code()).isEqualTo(2);
    assertThat(noUrl.err()).contains("no database: pass --url JDBC_URL or set PGQUEUER_URL");
    Run badSchema = run(Map.of("PGQUEUER_URL", url), "--schema", "Robert'); DROP TABLE x;--", "queue");
    assertThat(badSchema.code()).isEqualTo(2);
    assertThat(badSchema.err()).contains("schema must match");
  }

  @Test
  void aMissingSchemaExitsFourAndVerifyListsWhatIsMissing() {
    Run queue = pgq("queue");
    assertThat(queue.code()).isEqualTo(4);
    assertThat(queue.err()).startsWith("pgq: queueSize needs an installed queue")
        .contains("pgq: check --schema and --prefix; `pgq verify` lists what is missing");
    Run verify = pgq("verify");
    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.out()).contains("missing: table pgqueuer\n", "missing: trigger tg_pgqueuer_changed\n");
  }

  @Test
  void theUrlMayComeFromTheEnvironment() {
    Run r = run(Map.of("PGQUEUER_URL", url), "--schema", schema, "install");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("installed pgqueuer in schema " + schema + "\n");
  }

  @Test
  void lifecycleAndJobVerbs() {
    assertThat(pgq("install").code()).isZero();
    assertThat(pgq("verify").out()).startsWith("ok: every object of pgqueuer is installed in schema " + schema);
    Run again = pgq("install");
    assertThat(again.code()).isEqualTo(4);
    assertThat(again.err()).contains("already installed");

    Run enqueued = pgq("enqueue", "mail", "--payload", "hello", "--priority", "3", "--header", "k=v", "--count", "3");
    assertThat(enqueued.code()).as(enqueued.err()).isZero();
    assertThat(enqueued.out()).isEqualTo("1\n2\n3\n");
    assertThat(pgq("queue").out()).isEqualTo("entrypoint  priority  status  count\nmail        3         queued  3\n");

    // job 1 fails and is held, through the library (a worker would do this)
    try (PostgresRepository repo = PostgresRepository.builder(TestPostgres.sharedOrAbort().dataSource())
        .names(SchemaNames.of(schema, "")).build()) {
      repo.dequeue(DequeueRequest.builder(WorkerId.random()).entrypoint("mail").build());
      repo.logJobs(List.of(JobOutcome.held(JobId.of(1), null)));
    }
    Run failed = pgq("failed");
    assertThat(failed.out()).startsWith("id  entrypoint  priority  attempts  created").contains("\n1   mail        3 ");
    assertThat(pgq("requeue", "1").out()).isEqualTo("requeued 1 of 1 jobs\n");
    Run cancel = pgq("cancel", "2", "99");
    assertThat(cancel.code()).isEqualTo(1);
    assertThat(cancel.out()).isEqualTo("canceled 1 of 2 jobs\n");
    Run stats = pgq("stats");
    assertThat(stats.out()).startsWith("second").contains("mail", "canceled", "failed");
    Run dashboard = pgq("dashboard", "--once");
    assertThat(dashboard.code()).as(dashboard.err()).isZero();
    assertThat(dashboard.out()).doesNotContain("\u001b[").contains("entrypoint  queued  running  failed  done/s")
        .containsPattern("\nmail +2 +0 +0 +[0-9.]+ +1 +[0-9]+s\n");
    Run live = pgq("dashboard", "--interval", "10ms", "--iterations", "2");
    assertThat(live.out()).contains("\u001b[H\u001b[2J");
    assertThat(live.out().split("\u001b\\[H", -1)).hasSize(3);
    Run prune = pgq("prune", "--log-age", "0s", "--statistics-age", "365d");
    assertThat(prune.code()).as(prune.err()).isZero();
    assertThat(prune.out()).isEqualTo("pruned 2 log rows and 0 statistics buckets\n");
    assertThat(pgq("uninstall").code()).isZero();
    assertThat(pgq("verify").code()).isEqualTo(1);
  }

  @Test
  void badOptionValuesAreUsageErrors() {
    Run r = pgq("prune", "--log-age", "soon");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("'soon' is not a duration");
    assertThat(pgq("sql", "reinstall").code()).isEqualTo(2);
  }

  @Test
  void sqlInstallAppliedWithPsqlGivesTheSameCatalogAsInstall(@TempDir Path dir) throws Exception {
    // GIVEN the catalog that `install` builds, as `verify --catalog` prints it
    assertThat(pgq("install").code()).isZero();
    Run installed = pgq("verify", "--catalog");
    assertThat(installed.code()).isZero();
    assertThat(pgq("uninstall").code()).isZero();
    // WHEN the text of `sql install` is applied with psql
    Run sql = run(Map.of(), "--schema", schema, "sql", "install");
    assertThat(sql.code()).isZero();
    Path script = Files.writeString(dir.resolve("install.sql"), sql.out(), StandardCharsets.UTF_8);
    Process psql = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", script.toString(),
        url.replaceFirst("^jdbc:", "")).redirectErrorStream(true).start();
    String psqlOutput = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(psql.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(psql.exitValue()).as(psqlOutput).isZero();
    // THEN verify finds the same catalog, object by object
    Run fromText = pgq("verify", "--catalog");
    assertThat(fromText.code()).isZero();
    assertThat(fromText.out()).isEqualTo(installed.out());
    // AND the upgrade and uninstall texts apply too
    Run upgrade = run(Map.of(), "--schema", schema, "sql", "upgrade");
    assertThat(upgrade.out()).contains("ADD COLUMN IF NOT EXISTS");
    Run uninstall = run(Map.of(), "--schema", schema, "sql", "uninstall");
    assertThat(uninstall.out()).startsWith("DROP TABLE IF EXISTS \"" + schema + "\".\"pgqueuer\"");
  }
}

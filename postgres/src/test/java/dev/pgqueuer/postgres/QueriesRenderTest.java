package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.ManualClock;
import dev.pgqueuer.port.SchemaNames;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every SQL template renders completely, a repository renders a statement when first used, and the claim's LIMIT is
 * a literal, never a bind parameter.
 */
class QueriesRenderTest {

  private static final SqlNames NAMES = new SqlNames(SchemaNames.of("q", "p_"));

  @Test
  void everyTemplateRendersWithoutLeftOverPlaceholders() throws IllegalAccessException {
    for (Class<?> type : List.of(QueueQueries.class, ReadQueries.class, ScheduleQueries.class)) {
      for (String template : templates(type)) {
        String rendered = NAMES.render(template.replace("{batch}", "10").replace("{job_columns}", Rows.JOB_COLUMNS)
            .replace("{log_columns}", Rows.LOG_COLUMNS).replace("{schedule_columns}", Rows.SCHEDULE_COLUMNS)
            .replace("{on_conflict}", "").replace("{filter}", "true").replace("{limit}", "1")
            .replace("{order}", "ASC").replace("{where}", "true").replace("{offset}", "0"));
        assertThat(SqlNames.complete(rendered)).doesNotContain("{");
      }
    }
  }

  @Test
  void claimLimitsAreLiteralsSoThePlannerKnowsThem() {
    String claim = QueueQueries.DEQUEUE.replace("{batch}", "25");
    assertThat(claim).contains("LIMIT 25").doesNotContain("LIMIT ?");
  }

  @Test
  void aStatementIsRenderedOnFirstUseAndThenKept() {
    AtomicInteger renders = new AtomicInteger();
    Rendered statement = new Rendered(() -> "SELECT " + renders.incrementAndGet());
    assertThat(renders).hasValue(0);
    assertThat(statement.sql()).isEqualTo("SELECT 1");
    assertThat(statement.sql()).isEqualTo("SELECT 1");
    assertThat(renders).hasValue(1);
  }

  @Test
  void withAnInjectedClockStatementsFirstHandTheCallsNowToTheTrigger() {
    PgContext ctx = new PgContext(new Jdbc(new UnusedDataSource()), NAMES, ManualClock.create());
    assertThat(ctx.withNow("X")).startsWith("SELECT set_config('pgqueuer.now', ?, true);");
    PgContext dbClock = new PgContext(new Jdbc(new UnusedDataSource()), NAMES, null);
    assertThat(dbClock.withNow("X")).isEqualTo("X");
    assertThat(dbClock.nowStatements()).isZero();
  }

  private static List<String> templates(Class<?> type) throws IllegalAccessException {
    List<String> out = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        f.setAccessible(true);
        out.add((String) f.get(null));
      }
    }
    return out;
  }
}

package dev.pgqueuer.testdatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Test schemas left by a test run that is gone are dropped by the next one; those of a live run and kept ones are
 * not. A run "dies" here by ending its ownership session, which is what PostgreSQL sees when a JVM is killed.
 */
class SchemaOwnershipTest {

  @Test
  void schemasOfARunWithoutALiveOwnerAreDroppedBySweep() throws Exception {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    String dead = SchemaOwnership.newTag();
    Schemas.create(pg, SchemaOwnership.schemaName(dead, 1));
    Schemas.create(pg, SchemaOwnership.schemaName(dead, 2));
    try (SchemaOwnership sweeper = new SchemaOwnership(pg.directDataSource(), SchemaOwnership.newTag())) {
      assertThat(sweeper.sweep())
          .contains(SchemaOwnership.schemaName(dead, 1), SchemaOwnership.schemaName(dead, 2));
    }
    assertThat(Schemas.exists(pg, SchemaOwnership.schemaName(dead, 1))).isFalse();
    assertThat(Schemas.exists(pg, SchemaOwnership.schemaName(dead, 2))).isFalse();
  }

  @Test
  void schemasOfALiveRunSurviveSweepsUntilItsSessionEnds() throws Exception {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    String live = SchemaOwnership.newTag();
    String schema = SchemaOwnership.schemaName(live, 1);
    try (SchemaOwnership sweeper = new SchemaOwnership(pg.directDataSource(), SchemaOwnership.newTag())) {
      SchemaOwnership owner = new SchemaOwnership(pg.directDataSource(), live);
      try {
        Schemas.create(pg, schema);
        assertThat(sweeper.sweep()).doesNotContain(schema);
        assertThat(Schemas.exists(pg, schema)).isTrue();
      } finally {
        owner.close();
      }
      assertThat(sweeper.sweep()).contains(schema);
      assertThat(Schemas.exists(pg, schema)).isFalse();
    }
  }

  @Test
  void aSweepNeverDropsItsOwnRunsSchemas() throws Exception {
    String own = SchemaOwnership.newTag();
    assertSweepKeeps(SchemaOwnership.schemaName(own, 1), own, c -> { });
  }

  @Test
  void aSchemaMarkedKeptIsNeverSwept() throws Exception {
    String kept = SchemaOwnership.schemaName(SchemaOwnership.newTag(), 1);
    assertSweepKeeps(kept, SchemaOwnership.newTag(), c -> SchemaOwnership.markKept(c, kept));
  }

  @Test
  void schemasOfATagThatHashesLikeTheSweepersOwnAreNeverDropped() throws Exception {
    // hashtext('00014107') = hashtext('0003d2bd'): the sweeper holds that lock itself, so it cannot tell
    assertSweepKeeps(SchemaOwnership.schemaName("0003d2bd", 1), "00014107", c -> { });
  }

  @Test
  void onlyTestSchemaNamesCanBeMarkedKept() throws Exception {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    try (Connection c = pg.dataSource().getConnection()) {
      assertThatThrownBy(() -> SchemaOwnership.markKept(c, "public\"; DROP TABLE x; --"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a test schema name");
    }
  }

  /** Creates {@code schema}, prepares it, and asserts that a sweep by an owner of {@code sweeperTag} keeps it. */
  private static void assertSweepKeeps(String schema, String sweeperTag, SqlAction prepare) throws Exception {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    Schemas.create(pg, schema);
    try {
      try (Connection c = pg.dataSource().getConnection()) {
        prepare.run(c);
      }
      try (SchemaOwnership sweeper = new SchemaOwnership(pg.directDataSource(), sweeperTag)) {
        assertThat(sweeper.sweep()).doesNotContain(schema);
      }
      assertThat(Schemas.exists(pg, schema)).isTrue();
    } finally {
      Schemas.drop(pg, schema);
    }
  }

  @FunctionalInterface
  private interface SqlAction {
    void run(Connection c) throws SQLException;
  }
}

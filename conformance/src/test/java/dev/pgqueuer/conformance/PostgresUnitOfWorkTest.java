package dev.pgqueuer.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.DuplicateJobException;
import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.junit.postgres.FreshQueue;
import dev.pgqueuer.junit.postgres.TestPostgres;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.tx.ConnectionUnitOfWork;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import dev.pgqueuer.tx.UnitOfWork;
import dev.pgqueuer.tx.UnitOfWorkAbortedException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule U8 and the caller's own JDBC transaction ({@code UnitOfWork.jdbc}), which only PostgreSQL can join: the
 * repository runs its statements in the caller's transaction and leaves commit, rollback and the connection to the
 * caller; a failed call leaves the transaction usable; a transaction the caller's own statement aborted is reported
 * as such; an autocommit connection is refused before any effect.
 */
class PostgresUnitOfWorkTest {

  private FreshQueue queue;
  private PostgresRepository repo;
  private DataSource dataSource;
  private String accounts;

  @BeforeEach
  void setUp() throws SQLException {
    queue = TestPostgres.sharedOrAbort().newQueue(ManualClock.create());
    repo = queue.repository();
    dataSource = TestPostgres.sharedOrAbort().directDataSource();
    accounts = "\"" + queue.schema() + "\".accounts";
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + accounts + " (email text PRIMARY KEY)");
    }
  }

  @AfterEach
  void tearDown() {
    queue.close();
  }

  private void insertAccount(Connection c, String email) throws SQLException {
    try (var ps = c.prepareStatement("INSERT INTO " + accounts + " VALUES (?)")) {
      ps.setString(1, email);
      ps.executeUpdate();
    }
  }

  private long accountCount() throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + accounts)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void theCallersCommitCommitsTheJobWithTheCallersRow() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      insertAccount(c, "ada@example.com");
      JobId id = repo.in(UnitOfWork.jdbc(c)).enqueue(EnqueueRequest.of(NewJob.of("welcome"))).single();
      assertThat(repo.findJob(id)).as("invisible before the caller commits").isEmpty();
      c.commit();
      assertThat(repo.findJob(id)).isPresent();
      assertThat(c.isClosed()).as("the repository never closes the caller's connection").isFalse();
    }
    assertThat(accountCount()).isEqualTo(1);
  }

  @Test
  void theCallersRollbackLeavesNeitherJobNorRow() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      insertAccount(c, "ada@example.com");
      repo.in(UnitOfWork.jdbc(c)).enqueue(EnqueueRequest.of(NewJob.of("welcome")));
      c.rollback();
    }
    assertThat(accountCount()).isZero();
    assertThat(repo.browseQueue(BrowseQuery.all())).isEmpty();
    assertThat(repo.queueLog()).isEmpty();
  }

  @Test
  void anAutocommitConnectionIsRefusedBeforeAnyEffect() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      assertThatThrownBy(() -> repo.in(UnitOfWork.jdbc(c)).enqueue(EnqueueRequest.of(NewJob.of("e"))))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("autocommit");
    }
    assertThat(repo.enqueue(EnqueueRequest.of(NewJob.of("e"))).single()).isEqualTo(JobId.of(1));
  }

  @Test
  void aFailedCallLeavesTheCallersTransactionUsable() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      insertAccount(c, "ada@example.com");
      ConnectionUnitOfWork uow = UnitOfWork.jdbc(c);
      repo.in(uow).enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k")));
      assertThatThrownBy(() -> repo.in(uow).enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"))))
          .isInstanceOf(DuplicateJobException.class);
      insertAccount(c, "grace@example.com");
      c.commit();
    }
    assertThat(accountCount()).isEqualTo(2);
    assertThat(repo.browseQueue(BrowseQuery.all())).hasSize(1);
  }

  @Test
  void aTransactionTheCallerAbortedIsReportedAsAborted() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        assertThatThrownBy(() -> st.execute("SELECT 1 / 0")).isInstanceOf(SQLException.class);
      }
      assertThatThrownBy(() -> repo.in(UnitOfWork.jdbc(c)).enqueue(EnqueueRequest.of(NewJob.of("e"))))
          .isInstanceOf(UnitOfWorkAbortedException.class);
      c.rollback();
    }
    assertThat(repo.browseQueue(BrowseQuery.all())).isEmpty();
  }

  @Test
  void aUnitFromBeginSharesItsTransactionWithTheCallersStatements() throws SQLException {
    try (ManagedUnitOfWork uow = repo.begin()) {
      insertAccount(((ConnectionUnitOfWork) uow).connection(), "ada@example.com");
      repo.in(uow).enqueue(EnqueueRequest.of(NewJob.of("welcome")));
      assertThat(accountCount()).isZero();
      uow.commit();
    }
    assertThat(accountCount()).isEqualTo(1);
    assertThat(repo.browseQueue(BrowseQuery.all())).hasSize(1);
  }
}

package dev.pgqueuer.examples.signup;

import dev.pgqueuer.tx.ConnectionUnitOfWork;
import dev.pgqueuer.tx.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link Accounts} in a PostgreSQL table, {@code accounts} in {@code schema}. An account is inserted on the
 * connection of the unit of work (a {@link ConnectionUnitOfWork}), so it commits or rolls back with the mails the
 * same transaction enqueues; reads use their own connection and see committed accounts only. Thread-safe.
 */
public final class JdbcAccounts implements Accounts {

  private final DataSource dataSource;
  private final String table;

  /** Accounts in {@code schema}'s {@code accounts} table ({@code null}: the connection's search path). */
  public JdbcAccounts(DataSource dataSource, @Nullable String schema) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.table = (schema == null ? "" : quote(schema) + ".") + "accounts";
  }

  private static String quote(String identifier) {
    if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a schema name: " + identifier);
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** Creates the table when it is missing. */
  public JdbcAccounts createTable() {
    run(c -> {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS " + table
            + " (email text PRIMARY KEY, name text NOT NULL, active boolean NOT NULL DEFAULT false)");
      }
      return null;
    });
    return this;
  }

  @Override
  public boolean create(UnitOfWork uow, String email, String name) {
    if (!(uow instanceof ConnectionUnitOfWork connection)) {
      throw new IllegalArgumentException("JDBC accounts join only JDBC transactions, not " + uow);
    }
    try (PreparedStatement ps = connection.connection().prepareStatement(
        "INSERT INTO " + table + " (email, name) VALUES (?, ?) ON CONFLICT (email) DO NOTHING")) {
      ps.setString(1, email);
      ps.setString(2, name);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the account of " + email, e);
    }
  }

  @Override
  public void activate(String email) {
    int updated = run(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET active = true WHERE email = ?")) {
        ps.setString(1, email);
        return ps.executeUpdate();
      }
    });
    if (updated == 0) {
      throw new IllegalArgumentException("no account for " + email);
    }
  }

  @Override
  public Optional<Account> find(String email) {
    return run(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT email, name, active FROM " + table + " WHERE email = ?")) {
        ps.setString(1, email);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new Account(rs.getString(1), rs.getString(2), rs.getBoolean(3)))
              : Optional.<Account>empty();
        }
      }
    });
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T run(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException("account store failed on " + table, e);
    }
  }
}

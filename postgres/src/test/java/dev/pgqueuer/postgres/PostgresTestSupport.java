package dev.pgqueuer.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Data sources for the PostgreSQL-specific tests: session settings, SQL recording, dedicated pools. */
final class PostgresTestSupport {

  private PostgresTestSupport() {}

  /** A pool of exactly {@code size} connections to {@code jdbcUrl}. */
  static HikariDataSource pool(String jdbcUrl, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setPoolName("pgqueuer-test-" + size);
    return new HikariDataSource(config);
  }

  /** Connections of {@code base} whose session runs {@code setup} (e.g. {@code SET TimeZone ...}) when borrowed. */
  static DataSource withSession(DataSource base, String setup) {
    return new Delegating(base) {
      @Override
      Connection prepare(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
          st.execute(setup);
        }
        return c;
      }
    };
  }

  /** Connections of {@code base} that add the text of every statement they prepare to {@code sink}. */
  static DataSource recording(DataSource base, List<String> sink) {
    return new Delegating(base) {
      @Override
      Connection prepare(Connection c) {
        InvocationHandler handler = (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String) {
            sink.add((String) args[0]);
          }
          try {
            return method.invoke(c, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class}, handler);
      }
    };
  }

  /** A data source that adjusts every connection of another one. */
  private abstract static class Delegating implements DataSource {
    private final DataSource base;

    Delegating(DataSource base) {
      this.base = base;
    }

    abstract Connection prepare(Connection c) throws SQLException;

    @Override
    public Connection getConnection() throws SQLException {
      return prepare(base.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return prepare(base.getConnection(username, password));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return base.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      base.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      base.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return base.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return base.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return base.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return base.isWrapperFor(type);
    }
  }

  /** Runs one SQL statement on a connection of {@code ds}. */
  static void execute(DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}

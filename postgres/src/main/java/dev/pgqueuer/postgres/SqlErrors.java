package dev.pgqueuer.postgres;

import dev.pgqueuer.RepositoryException;
import dev.pgqueuer.SchemaStateException;
import java.sql.SQLException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Maps driver failures to the port's exceptions. Stateless. */
final class SqlErrors {

  /** undefined_table, undefined_object (the enum type), invalid_schema_name. */
  private static final Set<String> MISSING_SCHEMA_OBJECT = Set.of("42P01", "42704", "3F000");
  private static final String UNIQUE_VIOLATION = "23505";

  private SqlErrors() {}

  /**
   * The exception to throw for {@code e}: {@link SchemaStateException} when a queue object is missing (the queue
   * is not installed), otherwise {@link RepositoryException} with the SQLState.
   */
  static RuntimeException map(String operation, SQLException e) {
    String state = e.getSQLState();
    if (state != null && MISSING_SCHEMA_OBJECT.contains(state)) {
      return new SchemaStateException(operation + " needs an installed queue, but a schema object is missing ("
          + e.getMessage() + "); run install() or upgrade()");
    }
    return new RepositoryException(operation, state, e);
  }

  /** Whether {@code e} is a unique violation of the index or constraint named {@code name}. */
  static boolean isUniqueViolation(SQLException e, String name) {
    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
      return false;
    }
    String constraint = constraintOf(e);
    return constraint == null || constraint.equals(SqlNames.truncate(name));
  }

  private static @Nullable String constraintOf(SQLException e) {
    if (e instanceof PSQLException) {
      ServerErrorMessage m = ((PSQLException) e).getServerErrorMessage();
      return m == null ? null : m.getConstraint();
    }
    return null;
  }
}

package dev.pgqueuer.spring.boot;

import dev.pgqueuer.tx.ConnectionUnitOfWork;
import dev.pgqueuer.tx.UnitOfWork;
import dev.pgqueuer.tx.UnitOfWorkProvider;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queue writes joining the Spring transaction that holds a connection of the repository's DataSource (a
 * {@code DataSourceTransactionManager}, {@code JdbcTransactionManager} or {@code JpaTransactionManager} over it):
 * they run on that connection, so they commit or roll back with the application's own statements, atomically.
 * Outside such a transaction they run as the repository's own calls.
 */
final class SpringJdbcUnits implements UnitOfWorkProvider {

  private final DataSource dataSource;

  SpringJdbcUnits(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Optional<UnitOfWork> current() {
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || TransactionSynchronizationManager.getResource(dataSource) == null) {
      return Optional.empty();
    }
    return Optional.of((ConnectionUnitOfWork) () -> DataSourceUtils.getConnection(dataSource));
  }
}

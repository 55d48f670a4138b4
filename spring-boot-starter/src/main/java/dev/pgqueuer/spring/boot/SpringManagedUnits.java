package dev.pgqueuer.spring.boot;

import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.tx.JoiningQueueWrites;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import dev.pgqueuer.tx.UnitOfWork;
import dev.pgqueuer.tx.UnitOfWorkProvider;
import java.util.Optional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queue writes joining Spring transactions through a unit of work the repository opens ({@code begin()}), one per
 * Spring transaction: committed just before the Spring transaction commits (a failure rolls Spring back) and rolled
 * back when it rolls back. Used by the in-memory backend (and by tests on either backend); on PostgreSQL the writes
 * run on a connection of their own, so they commit together with the Spring transaction but not atomically with the
 * application's own statements (over the application's DataSource the starter shares the transaction's connection
 * instead). Thread-safe.
 */
public final class SpringManagedUnits implements UnitOfWorkProvider {

  private final Repository repository;

  SpringManagedUnits(Repository repository) {
    this.repository = repository;
  }

  /** Queue writes over {@code repository} that join Spring transactions this way. */
  public static QueueWrites joining(Repository repository) {
    return new JoiningQueueWrites(repository, new SpringManagedUnits(repository));
  }

  @Override
  public Optional<UnitOfWork> current() {
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !TransactionSynchronizationManager.isSynchronizationActive()) {
      return Optional.empty();
    }
    ManagedUnitOfWork bound = (ManagedUnitOfWork) TransactionSynchronizationManager.getResource(this);
    if (bound != null) {
      return Optional.of(bound);
    }
    ManagedUnitOfWork opened = repository.begin();
    TransactionSynchronizationManager.bindResource(this, opened);
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void beforeCommit(boolean readOnly) {
        opened.commit();
      }

      @Override
      public void afterCompletion(int status) {
        TransactionSynchronizationManager.unbindResourceIfPossible(SpringManagedUnits.this);
        if (opened.isOpen()) {
          opened.rollback();
        }
      }
    });
    return Optional.of(opened);
  }
}

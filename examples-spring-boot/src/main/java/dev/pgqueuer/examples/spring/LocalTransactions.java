package dev.pgqueuer.examples.spring;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Without a database (the in-memory profile) there is no DataSource transaction manager; this one manages no resource
 * of its own, so {@code @Transactional} still demarcates transactions, and the queue's writes, which join them, still
 * commit or roll back with them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pgqueuer.backend", havingValue = "in-memory")
class LocalTransactions {

  @Bean
  PlatformTransactionManager localTransactionManager() {
    return new AbstractPlatformTransactionManager() {
      private static final long serialVersionUID = 1L;

      @Override
      protected Object doGetTransaction() {
        return new Object();
      }

      @Override
      protected void doBegin(Object transaction, TransactionDefinition definition) {}

      @Override
      protected void doCommit(DefaultTransactionStatus status) {}

      @Override
      protected void doRollback(DefaultTransactionStatus status) {}
    };
  }
}

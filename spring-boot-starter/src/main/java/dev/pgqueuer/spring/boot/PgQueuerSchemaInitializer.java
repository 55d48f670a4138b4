package dev.pgqueuer.spring.boot;

import dev.pgqueuer.port.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Applies {@code pgqueuer.schema.mode} once, when the context creates it (before the worker and the scheduler, which
 * depend on it): nothing, a check that the tables exist, an install of missing tables, or an upgrade.
 */
public final class PgQueuerSchemaInitializer implements InitializingBean {

  private static final Logger LOG = LoggerFactory.getLogger(PgQueuerSchemaInitializer.class);

  private final Repository repository;
  private final PgQueuerProperties.SchemaMode mode;
  private volatile boolean applied;

  PgQueuerSchemaInitializer(Repository repository, PgQueuerProperties.SchemaMode mode) {
    this.repository = repository;
    this.mode = mode;
  }

  /** The mode applied. */
  public PgQueuerProperties.SchemaMode mode() {
    return mode;
  }

  /** Whether the mode has been applied. */
  public boolean isApplied() {
    return applied;
  }

  /**
   * Applies the mode.
   *
   * @throws PgQueuerConfigurationException in verify mode when the tables are missing
   * @throws RuntimeException when the database cannot be reached or a script fails
   */
  @Override
  public void afterPropertiesSet() {
    switch (mode) {
      case NONE:
        break;
      case VERIFY:
        if (!repository.isInstalled()) {
          throw new PgQueuerConfigurationException("pgqueuer.schema.mode is verify, but the queue's tables ("
              + repository.names().queueTable() + " in " + schemaOf() + ") are not installed.",
              "Set pgqueuer.schema.mode=install to create them at startup, or install them with your migration "
                  + "tool (PostgresRepository.schema().installScript() prints the script).");
        }
        break;
      case INSTALL:
        if (!repository.isInstalled()) {
          LOG.info("pgqueuer: installing the queue's tables in {}", schemaOf());
          repository.install();
        }
        break;
      case UPGRADE:
        if (repository.isInstalled()) {
          repository.upgrade();
        } else {
          LOG.info("pgqueuer: installing the queue's tables in {}", schemaOf());
          repository.install();
        }
        break;
      default:
        throw new IllegalStateException("cannot happen: unknown schema mode " + mode);
    }
    applied = true;
  }

  private String schemaOf() {
    String schema = repository.names().schema();
    return schema == null ? "the search_path's schema" : "schema " + schema;
  }
}

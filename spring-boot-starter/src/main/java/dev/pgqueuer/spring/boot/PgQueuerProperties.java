package dev.pgqueuer.spring.boot;

import dev.pgqueuer.postgres.Durability;
import dev.pgqueuer.worker.OnFailure;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code pgqueuer.*} properties. Unset worker settings keep the library's defaults
 * ({@link dev.pgqueuer.worker.WorkerSettings#defaults()}); per-entrypoint settings override the attributes of
 * {@link PgQueuerHandler} and {@link PgQueuerSchedule}. Mutable, as Spring binds it; not thread-safe.
 */
@ConfigurationProperties("pgqueuer")
public class PgQueuerProperties {

  /** Where the queue lives. */
  public enum Backend {
    /** PostgreSQL, through the application's {@code DataSource}. */
    POSTGRES,
    /** In this JVM's memory: local development and tests without a database; nothing survives a restart. */
    IN_MEMORY
  }

  /** What the starter does with the queue's tables at startup. */
  public enum SchemaMode {
    /** Nothing: the tables are managed elsewhere (a migration tool with the install script). */
    NONE,
    /** Fails the startup when the queue's tables are missing. */
    VERIFY,
    /** Installs the tables when they are missing; leaves existing ones alone. */
    INSTALL,
    /** Installs the tables when they are missing, else applies the upgrade script (idempotent). */
    UPGRADE
  }

  /** Where the queue lives: postgres (the application's DataSource) or in-memory (no database, local use). */
  private Backend backend = Backend.POSTGRES;

  private final Schema schema = new Schema();
  private final Worker worker = new Worker();
  private final Scheduler scheduler = new Scheduler();
  private final Metrics metrics = new Metrics();
  private final Health health = new Health();

  /** Per-entrypoint settings, keyed by entrypoint name; they override the handler annotation's attributes. */
  private Map<String, Handler> handlers = new LinkedHashMap<>();

  /** Per-schedule settings, keyed by the schedule's entrypoint name; they override the schedule annotation's. */
  private Map<String, Schedule> schedules = new LinkedHashMap<>();

  public Backend getBackend() {
    return backend;
  }

  public void setBackend(Backend backend) {
    this.backend = backend;
  }

  public Schema getSchema() {
    return schema;
  }

  public Worker getWorker() {
    return worker;
  }

  public Scheduler getScheduler() {
    return scheduler;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public Health getHealth() {
    return health;
  }

  public Map<String, Handler> getHandlers() {
    return handlers;
  }

  public void setHandlers(Map<String, Handler> handlers) {
    this.handlers = handlers;
  }

  public Map<String, Schedule> getSchedules() {
    return schedules;
  }

  public void setSchedules(Map<String, Schedule> schedules) {
    this.schedules = schedules;
  }

  /** {@code pgqueuer.schema.*}. */
  public static class Schema {
    /** What to do with the queue's tables at startup: none, verify, install or upgrade. */
    private SchemaMode mode = SchemaMode.VERIFY;
    /** The PostgreSQL schema of the queue's tables; unset for the connection's search_path. */
    private @Nullable String name;
    /** A prefix of every object name (tables, types, function, trigger, channel). */
    private String prefix = "";
    /** The table durability used when the starter installs the tables (durable, balanced or volatile). */
    private Durability durability = Durability.DURABLE;

    public SchemaMode getMode() {
      return mode;
    }

    public void setMode(SchemaMode mode) {
      this.mode = mode;
    }

    public @Nullable String getName() {
      return name;
    }

    public void setName(@Nullable String name) {
      this.name = name;
    }

    public String getPrefix() {
      return prefix;
    }

    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }

    public Durability getDurability() {
      return durability;
    }

    public void setDurability(Durability durability) {
      this.durability = durability;
    }
  }

  /** {@code pgqueuer.worker.*}. */
  public static class Worker {
    /**
     * Whether the worker starts with the application context. When false it never runs on its own; tests may step it.
     */
    private boolean enabled = true;
    /** The most jobs one dequeue claims (default 10). */
    private @Nullable Integer batchSize;
    /** The most jobs this worker runs at once (default max(2 x batch size, 32)). */
    private @Nullable Integer maxConcurrentTasks;
    /** A job whose heartbeat is this old is re-run elsewhere (default 30s). */
    private @Nullable Duration heartbeatTimeout;
    /** The longest idle wait without a notification before looking again (default 30s). */
    private @Nullable Duration dequeueTimeout;
    /** The wait before looking again when work is held by concurrency limits elsewhere (default 100ms). */
    private @Nullable Duration pollInterval;
    /** Buffered outcomes are written as soon as this many wait (default max(batch size, 100)). */
    private @Nullable Integer flushSize;
    /** Buffered outcomes are written at the latest this long after the first of them (default 50ms). */
    private @Nullable Duration flushInterval;
    /** How often the log is folded into statistics while jobs run; 0 disables (default 30s). */
    private @Nullable Duration logAggregationInterval;
    /** Log rows of finished jobs older than this are pruned by the worker; unset keeps the log for ever. */
    private @Nullable Duration logRetention;
    /** With log-retention: statistics buckets older than this are pruned too; unset keeps every bucket. */
    private @Nullable Duration statisticsRetention;
    /** With log-retention: how often the worker prunes (default 1h). */
    private @Nullable Duration retentionInterval;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable Integer getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(@Nullable Integer batchSize) {
      this.batchSize = batchSize;
    }

    public @Nullable Integer getMaxConcurrentTasks() {
      return maxConcurrentTasks;
    }

    public void setMaxConcurrentTasks(@Nullable Integer maxConcurrentTasks) {
      this.maxConcurrentTasks = maxConcurrentTasks;
    }

    public @Nullable Duration getHeartbeatTimeout() {
      return heartbeatTimeout;
    }

    public void setHeartbeatTimeout(@Nullable Duration heartbeatTimeout) {
      this.heartbeatTimeout = heartbeatTimeout;
    }

    public @Nullable Duration getDequeueTimeout() {
      return dequeueTimeout;
    }

    public void setDequeueTimeout(@Nullable Duration dequeueTimeout) {
      this.dequeueTimeout = dequeueTimeout;
    }

    public @Nullable Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(@Nullable Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    public @Nullable Integer getFlushSize() {
      return flushSize;
    }

    public void setFlushSize(@Nullable Integer flushSize) {
      this.flushSize = flushSize;
    }

    public @Nullable Duration getFlushInterval() {
      return flushInterval;
    }

    public void setFlushInterval(@Nullable Duration flushInterval) {
      this.flushInterval = flushInterval;
    }

    public @Nullable Duration getLogAggregationInterval() {
      return logAggregationInterval;
    }

    public void setLogAggregationInterval(@Nullable Duration logAggregationInterval) {
      this.logAggregationInterval = logAggregationInterval;
    }

    public @Nullable Duration getLogRetention() {
      return logRetention;
    }

    public void setLogRetention(@Nullable Duration logRetention) {
      this.logRetention = logRetention;
    }

    public @Nullable Duration getStatisticsRetention() {
      return statisticsRetention;
    }

    public void setStatisticsRetention(@Nullable Duration statisticsRetention) {
      this.statisticsRetention = statisticsRetention;
    }

    public @Nullable Duration getRetentionInterval() {
      return retentionInterval;
    }

    public void setRetentionInterval(@Nullable Duration retentionInterval) {
      this.retentionInterval = retentionInterval;
    }
  }

  /** {@code pgqueuer.scheduler.*}. */
  public static class Scheduler {
    /** Whether the scheduler starts with the application context (when schedules are declared). */
    private boolean enabled = true;
    /** The time zone of the cron expressions. */
    private ZoneId zone = ZoneId.of("UTC");

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public ZoneId getZone() {
      return zone;
    }

    public void setZone(ZoneId zone) {
      this.zone = zone;
    }
  }

  /** {@code pgqueuer.metrics.*}. */
  public static class Metrics {
    /** Whether the Micrometer meters are registered (when Micrometer is present). */
    private boolean enabled = true;
    /** The longest the queue gauges reuse one reading of the queue. */
    private Duration refreshInterval = Duration.ofSeconds(10);
    /** Entrypoints whose queue depth is measured besides those with a handler here (e.g. enqueued only). */
    private List<String> entrypoints = new ArrayList<>();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getRefreshInterval() {
      return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
      this.refreshInterval = refreshInterval;
    }

    public List<String> getEntrypoints() {
      return entrypoints;
    }

    public void setEntrypoints(List<String> entrypoints) {
      this.entrypoints = entrypoints;
    }
  }

  /** {@code pgqueuer.health.*}. */
  public static class Health {
    /** How long the health check waits for its own probe to come back through the notification listener. */
    private Duration listenerTimeout = Duration.ofSeconds(2);

    public Duration getListenerTimeout() {
      return listenerTimeout;
    }

    public void setListenerTimeout(Duration listenerTimeout) {
      this.listenerTimeout = listenerTimeout;
    }
  }

  /** {@code pgqueuer.handlers.<entrypoint>.*}: overrides of one entrypoint's handler attributes. */
  public static class Handler {
    /** The most jobs of the entrypoint picked at once across every worker; 0 for no limit. */
    private @Nullable Integer concurrencyLimit;
    /** What to do with a job that failed for good: delete (log it as exception) or hold (keep it as failed). */
    private @Nullable OnFailure onFailure;
    private final Retry retry = new Retry();

    public @Nullable Integer getConcurrencyLimit() {
      return concurrencyLimit;
    }

    public void setConcurrencyLimit(@Nullable Integer concurrencyLimit) {
      this.concurrencyLimit = concurrencyLimit;
    }

    public @Nullable OnFailure getOnFailure() {
      return onFailure;
    }

    public void setOnFailure(@Nullable OnFailure onFailure) {
      this.onFailure = onFailure;
    }

    public Retry getRetry() {
      return retry;
    }
  }

  /** {@code pgqueuer.handlers.<entrypoint>.retry.*}: automatic retries with exponential backoff. */
  public static class Retry {
    /** The most automatic retries; 0 for none. */
    private @Nullable Integer maxAttempts;
    /** The delay of the first retry. */
    private @Nullable Duration initialDelay;
    /** The largest delay. */
    private @Nullable Duration maxDelay;
    /** The growth factor per attempt (at least 1). */
    private @Nullable Double multiplier;

    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public @Nullable Duration getInitialDelay() {
      return initialDelay;
    }

    public void setInitialDelay(@Nullable Duration initialDelay) {
      this.initialDelay = initialDelay;
    }

    public @Nullable Duration getMaxDelay() {
      return maxDelay;
    }

    public void setMaxDelay(@Nullable Duration maxDelay) {
      this.maxDelay = maxDelay;
    }

    public @Nullable Double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(@Nullable Double multiplier) {
      this.multiplier = multiplier;
    }
  }

  /** {@code pgqueuer.schedules.<entrypoint>.*}: overrides of one schedule's attributes. */
  public static class Schedule {
    /** The cron expression (5 fields, or 6 with seconds first); replaces the annotation's. */
    private @Nullable String cron;
    /** Whether the schedule is registered at all. */
    private boolean enabled = true;

    public @Nullable String getCron() {
      return cron;
    }

    public void setCron(@Nullable String cron) {
      this.cron = cron;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}

package dev.pgqueuer.spring.boot;

import dev.pgqueuer.worker.Entrypoint;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.worker.RetryPolicy;
import dev.pgqueuer.worker.scheduler.Scheduler;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * The application's entrypoints and schedules: {@link Entrypoint} and {@link ScheduleRegistration} beans, and
 * {@link PgQueuerHandler} and {@link PgQueuerSchedule} methods, with the {@code pgqueuer.handlers.*} and
 * {@code pgqueuer.schedules.*} overrides applied. Resolved once the context's singletons exist (so a
 * misconfiguration fails the startup, whether or not the worker runs) and then fixed. Thread-safe.
 */
public final class PgQueuerRegistry implements SmartInitializingSingleton {

  private final AnnotatedMethods methods;
  private final ObjectProvider<Entrypoint> entrypointBeans;
  private final ObjectProvider<ScheduleRegistration> scheduleBeans;
  private final PgQueuerProperties properties;
  private final Environment environment;
  private @Nullable List<Entrypoint> entrypoints;
  private @Nullable List<ScheduleRegistration> schedules;

  PgQueuerRegistry(AnnotatedMethods methods, ObjectProvider<Entrypoint> entrypointBeans,
      ObjectProvider<ScheduleRegistration> scheduleBeans, PgQueuerProperties properties, Environment environment) {
    this.methods = methods;
    this.entrypointBeans = entrypointBeans;
    this.scheduleBeans = scheduleBeans;
    this.properties = properties;
    this.environment = environment;
  }

  /** Resolves the entrypoints and schedules, failing the startup on a misconfiguration. */
  @Override
  public void afterSingletonsInstantiated() {
    entrypoints();
    schedules();
  }

  /**
   * The entrypoints, in declaration order (beans first, then annotated methods).
   *
   * @throws PgQueuerConfigurationException when two handlers share an entrypoint, an annotated method has a bad
   *     signature or attribute, or {@code pgqueuer.handlers} names an entrypoint that has no handler
   */
  public synchronized List<Entrypoint> entrypoints() {
    if (entrypoints == null) {
      entrypoints = resolveEntrypoints();
    }
    return entrypoints;
  }

  /**
   * The schedules, in declaration order, with their overrides; switched-off ones left out.
   *
   * @throws PgQueuerConfigurationException when two schedules share an entrypoint and expression, a method has a
   *     bad signature, or {@code pgqueuer.schedules} names an entrypoint that has no schedule
   */
  public synchronized List<ScheduleRegistration> schedules() {
    if (schedules == null) {
      schedules = resolveSchedules();
    }
    return schedules;
  }

  /** The entrypoint names. */
  public Set<String> entrypointNames() {
    Set<String> names = new TreeSet<>();
    entrypoints().forEach(e -> names.add(e.name()));
    return names;
  }

  /**
   * A new scheduler of the schedules over {@code repository}, not started; empty when no schedule is declared.
   *
   * @param zone the time zone of the cron expressions
   * @throws PgQueuerConfigurationException when an expression is invalid or two schedules clash
   */
  public Optional<Scheduler> newScheduler(Repository repository, ZoneId zone) {
    PgQueuerRegistry registry = this;
    if (registry.schedules().isEmpty()) {
      return Optional.empty();
    }
    Scheduler.Builder b = Scheduler.builder(repository).zone(zone);
    for (ScheduleRegistration s : registry.schedules()) {
      try {
        b.schedule(s.entrypoint(), s.cron(), s.handler());
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new PgQueuerConfigurationException("schedule " + s.entrypoint() + " '" + s.cron() + "' is invalid: "
            + e.getMessage() + ".", "Fix its cron expression (or pgqueuer.schedules." + s.entrypoint() + ".cron).");
      }
    }
    for (ScheduleRegistration s : registry.schedules()) {
      if (s.replaceExisting()) {
        b.replaceExisting(s.entrypoint());
      }
    }
    return Optional.of(b.build());
  }

  private List<Entrypoint> resolveEntrypoints() {
    Map<String, Entrypoint> byName = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    entrypointBeans.orderedStream().forEach(e -> add(byName, sources, e, "an Entrypoint bean"));
    for (AnnotatedMethods.Found<PgQueuerHandler> found : methods.handlers()) {
      PgQueuerHandler a = found.annotation();
      String where = "@PgQueuerHandler method " + MethodAdapters.describe(found.method());
      Entrypoint e;
      try {
        e = Entrypoint.of(a.value(), MethodAdapters.jobHandler(found.bean(), found.method()))
            .withConcurrencyLimit(a.concurrencyLimit())
            .withOnFailure(a.onFailure())
            .withRetryPolicy(a.retryAttempts() == 0 ? RetryPolicy.none()
                : RetryPolicy.exponential(a.retryAttempts(), duration(a.retryInitialDelay(), where),
                    duration(a.retryMaxDelay(), where)));
      } catch (IllegalArgumentException bad) {
        throw new PgQueuerConfigurationException(where + " is invalid: " + bad.getMessage() + ".",
            "Fix the annotation's attributes.");
      }
      add(byName, sources, e, where);
    }
    for (String name : properties.getHandlers().keySet()) {
      if (!byName.containsKey(name)) {
        throw new PgQueuerConfigurationException("pgqueuer.handlers." + name + " configures entrypoint " + name
            + ", which has no handler (handlers: " + new TreeSet<>(byName.keySet()) + ").",
            "Fix the entrypoint name in the property, or declare its handler.");
      }
    }
    List<Entrypoint> out = new ArrayList<>(byName.size());
    for (Entrypoint e : byName.values()) {
      out.add(override(e, properties.getHandlers().get(e.name())));
    }
    return List.copyOf(out);
  }

  private static void add(Map<String, Entrypoint> byName, Map<String, String> sources, Entrypoint e, String where) {
    String previous = sources.putIfAbsent(e.name(), where);
    if (previous != null) {
      throw new PgQueuerConfigurationException("entrypoint " + e.name() + " has two handlers: " + previous + " and "
          + where + ".", "Keep one handler per entrypoint.");
    }
    byName.put(e.name(), e);
  }

  private Entrypoint override(Entrypoint e, PgQueuerProperties.@Nullable Handler p) {
    if (p == null) {
      return e;
    }
    String prefix = "pgqueuer.handlers." + e.name();
    try {
      Entrypoint out = e;
      if (p.getConcurrencyLimit() != null) {
        out = out.withConcurrencyLimit(p.getConcurrencyLimit());
      }
      if (p.getOnFailure() != null) {
        out = out.withOnFailure(p.getOnFailure());
      }
      PgQueuerProperties.Retry r = p.getRetry();
      if (r.getMaxAttempts() != null || r.getInitialDelay() != null || r.getMaxDelay() != null
          || r.getMultiplier() != null) {
        RetryPolicy base = out.retryPolicy().maxAttempts() == 0
            ? RetryPolicy.exponential(0, Duration.ofSeconds(1), Duration.ofMinutes(5)) : out.retryPolicy();
        out = out.withRetryPolicy(new RetryPolicy(
            r.getMaxAttempts() != null ? r.getMaxAttempts() : base.maxAttempts(),
            r.getInitialDelay() != null ? r.getInitialDelay() : base.initialDelay(),
            r.getMaxDelay() != null ? r.getMaxDelay() : base.maxDelay(),
            r.getMultiplier() != null ? r.getMultiplier() : base.multiplier(),
            base.jitter()));
      }
      return out;
    } catch (IllegalArgumentException bad) {
      throw new PgQueuerConfigurationException(prefix + " is invalid: " + bad.getMessage() + ".",
          "Fix the values under " + prefix + ".");
    }
  }

  private List<ScheduleRegistration> resolveSchedules() {
    List<ScheduleRegistration> all = new ArrayList<>();
    scheduleBeans.orderedStream().forEach(all::add);
    for (AnnotatedMethods.Found<PgQueuerSchedule> found : methods.schedules()) {
      PgQueuerSchedule a = found.annotation();
      all.add(new ScheduleRegistration(a.entrypoint(), environment.resolveRequiredPlaceholders(a.cron()),
          MethodAdapters.scheduleHandler(found.bean(), found.method()), a.replaceExisting()));
    }
    Set<String> names = new TreeSet<>();
    all.forEach(s -> names.add(s.entrypoint()));
    for (String name : properties.getSchedules().keySet()) {
      if (!names.contains(name)) {
        throw new PgQueuerConfigurationException("pgqueuer.schedules." + name + " configures schedule " + name
            + ", which is not declared (schedules: " + names + ").",
            "Fix the schedule name in the property, or declare the schedule.");
      }
    }
    List<ScheduleRegistration> out = new ArrayList<>();
    for (ScheduleRegistration s : all) {
      PgQueuerProperties.Schedule p = properties.getSchedules().get(s.entrypoint());
      if (p != null && !p.isEnabled()) {
        continue;
      }
      out.add(p != null && p.getCron() != null ? s.withCron(p.getCron()) : s);
    }
    return List.copyOf(out);
  }

  private static Duration duration(String text, String where) {
    Objects.requireNonNull(text, "text");
    try {
      return DurationStyle.detectAndParse(text);
    } catch (IllegalArgumentException e) {
      throw new PgQueuerConfigurationException(where + " has an invalid duration '" + text + "'.",
          "Write a duration such as 500ms, 10s or PT1M.");
    }
  }
}

package dev.pgqueuer.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A benchmark scenario: a picocli command (its {@code @Command} name is the scenario name) with the
 * {@link CommonOptions}. The runner calls {@link #call()}, which asks the scenario to {@link #measure} into a
 * {@link Report} and then prints the report as the last line of standard output.
 */
public abstract class Scenario implements Callable<Integer> {

  /** The options every scenario accepts. */
  @Mixin
  protected CommonOptions common;

  /** The backend label in the JSON: {@code memory}, {@code postgres}, ... */
  protected abstract String backend();

  /**
   * Runs the scenario: warms up, measures, and puts the headline figure(s) and settings into {@code report}.
   *
   * @param report where the figures go
   * @param progress progress lines for standard error
   * @throws Exception on failure (the runner prints it and exits non-zero)
   */
  protected abstract void measure(Report report, Progress progress) throws Exception;

  /** This scenario's name (its {@code @Command} name). */
  public final String name() {
    Command c = getClass().getAnnotation(Command.class);
    if (c == null || c.name().isEmpty()) {
      throw new IllegalStateException(getClass().getName() + " has no @Command(name = ...)");
    }
    return c.name();
  }

  @Override
  public final Integer call() throws Exception {
    Progress progress = new Progress(name());
    Report report = new Report(name(), backend());
    report.setting("seconds", common.seconds).setting("warmup_seconds", common.warmupSeconds)
        .setting("batch_size", common.batchSize).setting("runs", common.runs).setting("seed", common.seed);
    measure(report, progress);
    String json = report.toJson();
    System.out.flush();
    System.err.flush();
    System.out.println(json);
    System.out.flush();
    return 0;
  }

  /** The phase name {@link #measureRuns} gives the warm-up run. */
  protected static final String WARM_UP = "warm-up";

  /** One run of a scenario, warm-up or measured. */
  @FunctionalInterface
  protected interface Run {
    /**
     * @param phase {@value #WARM_UP} or {@code "run i/n"}, for progress lines
     * @param seconds how long a timed run lasts: {@code --warmup-seconds} for the warm-up, else {@code --seconds}
     * @return the run's figures (a measured run's go into the report; the warm-up's are dropped)
     */
    Map<String, Object> run(String phase, double seconds) throws Exception;
  }

  /**
   * The measuring loop the scenarios share: an untimed warm-up run (none with {@code --warmup-seconds 0}), then
   * {@code --runs} measured runs, each after a GC, their figures added to {@code report}; then the median over the
   * runs of each figure named in {@code medianKeys} becomes a headline figure.
   *
   * @param warmup what the warm-up does, for its progress line
   */
  protected final void measureRuns(Report report, Progress progress, String warmup, Run run, String... medianKeys)
      throws Exception {
    if (common.warmupSeconds > 0) {
      progress.say("warming up: %s", warmup);
      run.run(WARM_UP, common.warmupSeconds);
    }
    for (int r = 1; r <= common.runs; r++) {
      System.gc();
      String phase = "run " + r + "/" + common.runs;
      Map<String, Object> figures = run.run(phase, common.seconds);
      progress.say("%s: %s", phase, figures);
      report.addRun(figures);
    }
    for (String key : medianKeys) {
      report.put(key, medianOf(report, key));
    }
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  public static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The median over the report's runs of the figure {@code key}. */
  public static double medianOf(Report report, String key) {
    List<Double> values = new ArrayList<>();
    for (Map<String, Object> run : report.runs()) {
      values.add(((Number) run.get(key)).doubleValue());
    }
    return median(values);
  }
}

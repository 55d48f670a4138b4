package dev.pgqueuer.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result of one scenario invocation, printed as one JSON object: {@code scenario}, {@code backend}, the
 * headline figures (e.g. {@code jobs_per_s}), {@code settings}, the per-run figures and the environment. Not
 * thread-safe.
 */
public final class Report {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Object> root = new LinkedHashMap<>();
  private final Map<String, Object> settings = new LinkedHashMap<>();
  private final List<Map<String, Object>> runs = new ArrayList<>();

  Report(String scenario, String backend) {
    root.put("scenario", scenario);
    root.put("backend", backend);
  }

  /** Sets a headline figure or fact. @return this */
  public Report put(String key, @Nullable Object value) {
    root.put(key, value);
    return this;
  }

  /** Records a setting. @return this */
  public Report setting(String key, @Nullable Object value) {
    settings.put(key, value);
    return this;
  }

  /** Records the figures of one timed run. */
  public void addRun(Map<String, Object> figures) {
    runs.add(new LinkedHashMap<>(figures));
  }

  /** The figures of the runs so far. */
  public List<Map<String, Object>> runs() {
    return runs;
  }

  /** The JSON text, one line. */
  String toJson() {
    Map<String, Object> out = new LinkedHashMap<>(root);
    out.put("settings", settings);
    if (!runs.isEmpty()) {
      out.put("runs", runs);
    }
    Runtime rt = Runtime.getRuntime();
    out.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    out.put("cpus", rt.availableProcessors());
    out.put("max_heap_mb", rt.maxMemory() / (1024 * 1024));
    out.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the report as JSON: " + e.getMessage(), e);
    }
  }
}

package dev.pgqueuer.conformance.lockstep;

import dev.pgqueuer.DuplicateJobException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A step's observable outcome: its value, or the exception type with the data it carries (the keys of a
 * {@link DuplicateJobException}). Messages are not compared: they may name backend-specific details.
 *
 * @param value the returned value when the step succeeded
 * @param failure the exception class name when it failed
 * @param detail exception data that is part of the contract
 */
public record Outcome(@Nullable Object value, @Nullable String failure, @Nullable Object detail) {

  static Outcome value(@Nullable Object value) {
    return new Outcome(value, null, null);
  }

  static Outcome failure(RuntimeException e) {
    Object detail = null;
    if (e instanceof DuplicateJobException) {
      detail = new ArrayList<>(((DuplicateJobException) e).dedupeKeys());
    }
    return new Outcome(null, e.getClass().getName(), detail);
  }

  /** Whether the step threw. */
  public boolean failed() {
    return failure != null;
  }

  /** A short form for reports. */
  public String brief() {
    if (failure != null) {
      return "threw " + failure + (detail == null ? "" : " " + detail);
    }
    String s = String.valueOf(value);
    return s.length() > 600 ? s.substring(0, 600) + "…" : s;
  }

  static List<String> briefs(List<Outcome> outcomes) {
    List<String> out = new ArrayList<>();
    outcomes.forEach(o -> out.add(o.brief()));
    return out;
  }
}

package dev.pgqueuer.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import dev.pgqueuer.ManualClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one test method's queue looks like: its backend, what to do without a database, and the clock's start; read
 * from the annotations and validated, so that every misuse fails with a message naming the element and the rule.
 * Immutable.
 */
record TestPlan(Backend backend, WithoutDatabase withoutDatabase, Instant clockStart, boolean parityLeg) {

  /**
   * The plan of the test method of {@code context}.
   *
   * @param parityLeg the backend of a {@link ParityTest} invocation, {@code null} for a plain test
   * @throws ExtensionConfigurationException on conflicting or invalid declarations
   */
  static TestPlan of(ExtensionContext context, @Nullable Backend parityLeg) {
    Method method = context.getRequiredTestMethod();
    Class<?> testClass = context.getRequiredTestClass();
    Instant start = clockStart(method, testClass);
    List<ParityTest> parity = declared(method, ParityTest.class);
    List<QueueBackend> methodBackends = distinct(declared(method, QueueBackend.class), method);
    if (!parity.isEmpty()) {
      if (!declared(method, Test.class).isEmpty()) {
        throw new ExtensionConfigurationException("Configuration error: method [" + describe(method)
            + "] is declared as a test twice: @ParityTest already makes it a test (once per backend), so it must not"
            + " also carry @Test");
      }
      if (!methodBackends.isEmpty()) {
        throw new ExtensionConfigurationException("Configuration error: method [" + describe(method)
            + "] declares conflicting backends: @ParityTest runs it on every backend, so it must not also carry "
            + "@QueueBackend(" + methodBackends.get(0).value() + ")");
      }
      if (parity.size() > 1) {
        throw new ExtensionConfigurationException("Configuration error: method [" + describe(method)
            + "] declares @ParityTest more than once (directly and through a composed annotation)");
      }
      if (parityLeg == null) {
        throw new ExtensionConfigurationException("Configuration error: method [" + describe(method)
            + "] carries @ParityTest but was not run as its test template");
      }
      return new TestPlan(parityLeg, parity.get(0).withoutDatabase(), start, true);
    }
    if (!methodBackends.isEmpty()) {
      QueueBackend b = methodBackends.get(0);
      return new TestPlan(b.value(), b.withoutDatabase(), start, false);
    }
    for (Class<?> c = testClass; c != null; c = enclosingNestedClass(c)) {
      List<QueueBackend> classBackends = distinct(declared(c, QueueBackend.class), c);
      if (!classBackends.isEmpty()) {
        QueueBackend b = classBackends.get(0);
        return new TestPlan(b.value(), b.withoutDatabase(), start, false);
      }
    }
    return new TestPlan(Backend.IN_MEMORY, WithoutDatabase.FAIL, start, false);
  }

  /** The enclosing class of a {@code @Nested} (inner) class, whose declarations it inherits; else null. */
  private static @Nullable Class<?> enclosingNestedClass(Class<?> c) {
    return Modifier.isStatic(c.getModifiers()) ? null : c.getEnclosingClass();
  }

  private static Instant clockStart(Method method, Class<?> testClass) {
    List<ClockStart> found = declared(method, ClockStart.class);
    AnnotatedElement where = method;
    for (Class<?> c = testClass; found.isEmpty() && c != null; c = enclosingNestedClass(c)) {
      found = declared(c, ClockStart.class);
      where = c;
    }
    if (found.isEmpty()) {
      return ManualClock.DEFAULT_START;
    }
    Set<String> values = new LinkedHashSet<>();
    found.forEach(a -> values.add(a.value()));
    if (values.size() > 1) {
      throw new ExtensionConfigurationException("Configuration error: [" + describe(where)
          + "] declares conflicting @ClockStart values " + values);
    }
    String text = found.get(0).value();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ExtensionConfigurationException("Configuration error: @ClockStart on [" + describe(where)
          + "] must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, got '" + text + "'", e);
    }
  }

  /** The backend declarations of one element, failing when they disagree. */
  private static List<QueueBackend> distinct(List<QueueBackend> found, AnnotatedElement where) {
    Set<String> seen = new LinkedHashSet<>();
    for (QueueBackend b : found) {
      seen.add(b.value() + "/" + b.withoutDatabase());
    }
    if (seen.size() > 1) {
      throw new ExtensionConfigurationException("Configuration error: [" + describe(where)
          + "] declares conflicting backends " + seen
          + " (directly and through composed annotations); declare @QueueBackend once, or use @ParityTest to run"
          + " on every backend");
    }
    return found;
  }

  /**
   * Every annotation of {@code type} present on {@code element}: directly (inherited for classes) and on its
   * annotations, recursively (composed annotations).
   */
  static <A extends Annotation> List<A> declared(AnnotatedElement element, Class<A> type) {
    List<A> out = new ArrayList<>();
    collect(element.getAnnotations(), type, out, new HashSet<>());
    return out;
  }

  private static <A extends Annotation> void collect(
      Annotation[] annotations, Class<A> type, List<A> out, Set<Class<?>> visited) {
    for (Annotation a : annotations) {
      Class<? extends Annotation> at = a.annotationType();
      if (at == type) {
        out.add(type.cast(a));
      } else if (!at.getName().startsWith("java.lang.annotation.") && visited.add(at)) {
        collect(at.getAnnotations(), type, out, visited);
      }
    }
  }

  static String describe(AnnotatedElement element) {
    if (element instanceof Method) {
      Method m = (Method) element;
      return m.getDeclaringClass().getName() + "#" + m.getName();
    }
    if (element instanceof Class) {
      return ((Class<?>) element).getName();
    }
    return String.valueOf(element);
  }
}

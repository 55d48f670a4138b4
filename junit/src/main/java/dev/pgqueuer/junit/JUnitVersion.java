package dev.pgqueuer.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The JUnit Jupiter lines this extension works on: 5.13 and newer (5.13, 5.14 and 6.x are tested). JUnit is the
 * user's dependency, never this artifact's; on an older line the extension fails every test that uses it with one
 * message naming the versions found and the version required, before any other extension code runs.
 *
 * <p>The versions are read from the JARs' manifests ({@code Implementation-Version}); a JAR without one (a
 * repackaged JUnit) is trusted. Thread-safe and immutable.
 */
final class JUnitVersion {

  /** The oldest supported line. */
  static final String MINIMUM = "5.13";
  private static final String ENGINE = "org.junit.jupiter.engine.JupiterTestEngine";
  private static final Optional<String> PROBLEM = problem(version(Test.class), engineVersion());

  private JUnitVersion() {}

  /**
   * Fails when the JUnit Jupiter on the class path is older than {@value #MINIMUM}.
   *
   * @throws ExtensionConfigurationException naming the versions found and the one required
   */
  static void require() {
    if (PROBLEM.isPresent()) {
      throw new ExtensionConfigurationException(PROBLEM.get());
    }
  }

  /** The problem with these versions ({@code null} for unknown), or empty when they are supported. */
  static Optional<String> problem(@Nullable String api, @Nullable String engine) {
    List<String> old = new ArrayList<>();
    if (api != null && !supported(api)) {
      old.add("junit-jupiter-api " + api);
    }
    if (engine != null && !supported(engine)) {
      old.add("junit-jupiter-engine " + engine);
    }
    if (old.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("pgqueuer-junit needs JUnit Jupiter " + MINIMUM + " or newer (5.13, 5.14 and 6.x are "
        + "supported), but the test class path has " + String.join(" and ", old) + ". Upgrade JUnit, for example by "
        + "importing org.junit:junit-bom:5.14.4 (or 6.x) in <dependencyManagement>.");
  }

  /** Whether {@code version} (such as {@code 5.12.2} or {@code 6.0.0-M1}) is {@value #MINIMUM} or newer. */
  static boolean supported(String version) {
    String[] parts = version.split("[.-]", 3);
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return major > 5 || (major == 5 && minor >= 13);
    } catch (NumberFormatException e) {
      return true; // not a release number we can read: do not block the user
    }
  }

  private static @Nullable String version(Class<?> type) {
    Package p = type.getPackage();
    return p == null ? null : p.getImplementationVersion();
  }

  private static @Nullable String engineVersion() {
    try {
      return version(Class.forName(ENGINE, false, JUnitVersion.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return null; // another engine runs the tests, or the engine is on another loader: the API check stands
    }
  }
}

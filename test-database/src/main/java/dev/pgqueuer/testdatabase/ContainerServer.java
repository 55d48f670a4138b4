package dev.pgqueuer.testdatabase;

import java.lang.reflect.InvocationTargetException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A PostgreSQL container started through Testcontainers, which is an optional dependency: it is detected and driven
 * reflectively, so this class loads without it. Used only when a Docker engine is reachable. Thread-safe.
 */
final class ContainerServer implements AutoCloseable {

  /** The image started; PostgreSQL 16 as in PgQueuer's CI default. */
  static final String IMAGE = "postgres:16-alpine";
  private static final String CONTAINER_CLASS = "org.testcontainers.postgresql.PostgreSQLContainer";
  private static final String FACTORY_CLASS = "org.testcontainers.DockerClientFactory";

  private final Object container;
  private final String jdbcUrl;

  private ContainerServer(Object container, String jdbcUrl) {
    this.container = container;
    this.jdbcUrl = jdbcUrl;
  }

  /** Empty when Testcontainers is on the class path and a Docker engine answers, else why not. */
  static Optional<String> unavailableReason() {
    try {
      Class<?> factory = Class.forName(FACTORY_CLASS);
      Class.forName(CONTAINER_CLASS);
      Object instance = factory.getMethod("instance").invoke(null);
      boolean docker = (Boolean) factory.getMethod("isDockerAvailable").invoke(instance);
      return docker ? Optional.empty() : Optional.of("Testcontainers found no reachable Docker engine");
    } catch (ClassNotFoundException e) {
      return Optional.of("Testcontainers (org.testcontainers:testcontainers-postgresql) is not on the class path");
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return Optional.of("Testcontainers failed to look for Docker: " + e);
    }
  }

  /** Starts a container; call only when {@link #unavailableReason()} is empty. */
  static ContainerServer start() {
    try {
      Class<?> type = Class.forName(CONTAINER_CLASS);
      Object container = type.getConstructor(String.class).newInstance(IMAGE);
      type.getMethod("start").invoke(container);
      String url = (String) type.getMethod("getJdbcUrl").invoke(container);
      String user = (String) type.getMethod("getUsername").invoke(container);
      String password = (String) type.getMethod("getPassword").invoke(container);
      String full = url + (url.contains("?") ? "&" : "?") + "user=" + encode(user) + "&password=" + encode(password);
      return new ContainerServer(container, full);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("Testcontainers could not start " + IMAGE + ": " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Testcontainers could not start " + IMAGE + ": " + e, e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The JDBC URL with credentials. */
  String jdbcUrl() {
    return jdbcUrl;
  }

  @Override
  public void close() {
    try {
      container.getClass().getMethod("stop").invoke(container);
    } catch (ReflectiveOperationException e) {
      // best effort at shutdown
    }
  }
}

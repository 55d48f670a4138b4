package dev.pgqueuer.testdatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * PostgreSQL refuses to run as root. When this JVM is root, the embedded server's commands run as the unprivileged
 * user {@code nobody} (uid/gid 65534) through {@code setpriv}, else {@code runuser}, else {@code su}; the data
 * directory is handed to that user. Otherwise commands run as they are. Stateless.
 */
final class Unprivileged {

  /** The uid and gid of {@code nobody}. */
  static final int NOBODY = 65534;
  private static final List<String> SEARCH_PATH = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

  private Unprivileged() {}

  /** Whether this process runs as root (Linux: from {@code /proc/self/status}; elsewhere by user name). */
  static boolean isRoot() {
    Path status = Path.of("/proc/self/status");
    if (Files.isReadable(status)) {
      try (Stream<String> lines = Files.lines(status)) {
        Optional<String> uid = lines.filter(l -> l.startsWith("Uid:")).findFirst();
        if (uid.isPresent()) {
          String[] fields = uid.get().substring(4).trim().split("\\s+");
          return fields.length > 1 && "0".equals(fields[1]);
        }
      } catch (IOException e) {
        // fall through to the user name
      }
    }
    return "root".equals(System.getProperty("user.name", "").toLowerCase(Locale.ROOT));
  }

  /**
   * {@code command} wrapped so that it runs as {@code nobody} when this process is root.
   *
   * @throws IllegalStateException when root and none of setpriv, runuser, su is installed
   */
  static List<String> wrap(List<String> command) {
    if (!isRoot()) {
      return command;
    }
    List<String> out = new ArrayList<>();
    Optional<Path> setpriv = find("setpriv");
    Optional<Path> runuser = find("runuser");
    Optional<Path> su = find("su");
    if (setpriv.isPresent()) {
      out.addAll(List.of(setpriv.get().toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
          "--"));
      out.addAll(command);
    } else if (runuser.isPresent()) {
      out.addAll(List.of(runuser.get().toString(), "-u", "nobody", "--"));
      out.addAll(command);
    } else if (su.isPresent()) {
      out.addAll(List.of(su.get().toString(), "-s", "/bin/sh", "nobody", "-c", shellQuote(command)));
    } else {
      throw new IllegalStateException("running as root, but none of setpriv, runuser or su is installed to start "
          + "PostgreSQL as an unprivileged user; run the tests as a normal user or set "
          + TestPostgres.JDBC_URL_PROPERTY);
    }
    return out;
  }

  /** Gives {@code dir} (recursively) to {@code nobody} when this process is root. */
  static void handOver(Path dir) throws IOException {
    if (!isRoot()) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Files.setAttribute(p, "unix:uid", NOBODY);
        Files.setAttribute(p, "unix:gid", NOBODY);
      }
    }
  }

  private static Optional<Path> find(String tool) {
    List<String> dirs = new ArrayList<>(SEARCH_PATH);
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(0, List.of(path.split(java.io.File.pathSeparator)));
    }
    for (String dir : dirs) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String shellQuote(List<String> command) {
    StringBuilder sb = new StringBuilder();
    for (String part : command) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append('\'').append(part.replace("'", "'\\''")).append('\'');
    }
    return sb.toString();
  }
}

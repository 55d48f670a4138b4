package dev.pgqueuer.testdatabase;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks an xz-compressed tar archive of PostgreSQL binaries. The only class of the embedded path that links to
 * XZ and commons-compress: it is loaded only after {@link PostgresBinaries#unavailableReason()} found them.
 */
final class BinaryArchive {

  private BinaryArchive() {}

  /** Extracts {@code archive} into {@code into}, refusing entries that escape it; directories world-readable. */
  static void extract(byte[] archive, Path into) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new XZInputStream(new BufferedInputStream(new ByteArrayInputStream(archive))))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path out = into.resolve(entry.getName()).normalize();
        if (!out.startsWith(into)) {
          throw new IOException("archive entry escapes the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          PostgresBinaries.worldReadable(out, true);
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
          PostgresBinaries.worldReadable(out, (entry.getMode() & 0111) != 0);
        }
      }
    }
    try (var dirs = Files.walk(into)) {
      dirs.filter(Files::isDirectory).forEach(d -> {
        try {
          PostgresBinaries.worldReadable(d, true);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}

package dev.pgqueuer.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table with left-aligned columns. Not thread-safe. */
final class Table {

  private final List<String[]> rows = new ArrayList<>();
  private final int width;

  Table(String... header) {
    this.width = header.length;
    rows.add(header);
  }

  void row(Object... cells) {
    String[] row = new String[width];
    for (int i = 0; i < width; i++) {
      row[i] = String.valueOf(cells[i]);
    }
    rows.add(row);
  }

  /** The number of data rows. */
  int size() {
    return rows.size() - 1;
  }

  List<String> lines() {
    int[] widths = new int[width];
    for (String[] r : rows) {
      for (int i = 0; i < width; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width; i++) {
        line.append(i == width - 1 ? r[i] : String.format("%-" + (widths[i] + 2) + "s", r[i]));
      }
      out.add(line.toString().stripTrailing());
    }
    return out;
  }

  void print(PrintWriter out) {
    lines().forEach(out::println);
  }
}

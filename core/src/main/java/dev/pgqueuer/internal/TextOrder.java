package dev.pgqueuer.internal;

import java.util.Comparator;

/**
 * Code-point order of strings: the order of PostgreSQL's {@code COLLATE "C"} on UTF-8 text, which every text
 * ordering of both backends uses ({@link String#compareTo} compares UTF-16 units and differs above U+FFFF).
 */
public final class TextOrder {

  /** Compares strings by Unicode code point. */
  public static final Comparator<String> CODE_POINT = TextOrder::compare;

  private TextOrder() {}

  /** Code-point comparison. */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}

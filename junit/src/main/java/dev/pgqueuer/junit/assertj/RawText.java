package dev.pgqueuer.junit.assertj;

/**
 * A message argument that AssertJ's representation prints verbatim (it would quote a {@link String}), so that
 * composed failure messages read naturally and may contain {@code %} safely.
 */
final class RawText {

  private final String text;

  private RawText(String text) {
    this.text = text;
  }

  static RawText of(String text) {
    return new RawText(text);
  }

  @Override
  public String toString() {
    return text;
  }
}

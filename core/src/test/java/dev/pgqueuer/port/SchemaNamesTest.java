package dev.pgqueuer.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchemaNamesTest {

  @Test
  void aChannelIsLimitedTo63BytesAsPostgresCountsThem() {
    assertThat(SchemaNames.defaults().withChannel("é".repeat(31) + "x").channel()).hasSize(32);
    // 40 characters, 80 bytes: PostgreSQL would refuse every NOTIFY on it
    assertThatThrownBy(() -> SchemaNames.defaults().withChannel("é".repeat(40)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 63 bytes");
  }

  @Test
  void aChannelMustBeWellFormed() {
    assertThatThrownBy(() -> SchemaNames.defaults().withChannel("ch\uD800"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel must be well-formed UTF-16");
  }
}

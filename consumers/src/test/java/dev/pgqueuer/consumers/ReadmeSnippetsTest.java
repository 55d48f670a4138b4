package dev.pgqueuer.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's dependency snippets and the sample projects built by CI cannot drift apart: each sample's POM holds,
 * line for line (indentation aside), every snippet it stands for. A snippet in the README is an {@code xml} block
 * right after a {@code <!-- snippet: NAME -->} line.
 */
class ReadmeSnippetsTest {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- snippet: ([a-z-]+) -->\\R```xml\\R(.*?)```", Pattern.DOTALL);
  private static final List<String> TEST_AUTHORS =
      List.of("test-author-junit5.12", "test-author-junit5.13", "test-author-junit5.14", "test-author-junit6");
  private static final List<String> IN_MEMORY_ONLY = List.of("no-postgres-required", "testcontainers-no-docker");
  private static final List<String> SPRING_BOOT = List.of("spring-boot-app");
  /** Samples with no dependencies of their own: they fetch and run an artifact. */
  private static final List<String> FETCH_ONLY = List.of("command-line");
  private static final Pattern FETCH = Pattern.compile("mvn dependency:copy (-Dartifact=[^ ]+)");

  @Test
  void everySampleHoldsTheSnippetsItStandsFor() throws IOException {
    Map<String, String> snippets = snippets();
    assertThat(snippets).containsOnlyKeys("bom", "production", "test", "reports", "in-memory-only", "testcontainers",
        "spring-boot");
    for (String sample : samples()) {
      if (FETCH_ONLY.contains(sample)) {
        continue;
      }
      String pom = lines(Files.readString(ROOT.resolve("consumers/src/it").resolve(sample).resolve("pom.xml")));
      for (String name : SPRING_BOOT.contains(sample) ? List.of("bom", "spring-boot") : List.of("bom", "production")) {
        assertThat(pom).as("%s holds the README's '%s' snippet", sample, name).contains(lines(snippets.get(name)));
      }
    }
    for (String sample : TEST_AUTHORS) {
      String pom = lines(Files.readString(ROOT.resolve("consumers/src/it").resolve(sample).resolve("pom.xml")));
      assertThat(pom).as("%s holds the README's test snippet", sample).contains(lines(snippets.get("test")));
      assertThat(pom).as("%s holds the README's reports snippet", sample).contains(lines(snippets.get("reports")));
    }
    for (String sample : IN_MEMORY_ONLY) {
      String pom = lines(Files.readString(ROOT.resolve("consumers/src/it").resolve(sample).resolve("pom.xml")));
      assertThat(pom).as("%s holds the README's in-memory-only snippet", sample)
          .contains(lines(snippets.get("in-memory-only")));
    }
    String containers = lines(Files.readString(ROOT.resolve("consumers/src/it/testcontainers-no-docker/pom.xml")));
    assertThat(containers).contains(lines(snippets.get("testcontainers")));
  }

  @Test
  void theCommandLineSampleFetchesTheJarTheReadmeFetches() throws IOException {
    Matcher fetch = FETCH.matcher(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
    assertThat(fetch.find()).as("the README says how to fetch the command line's jar").isTrue();
    String goals = Files.readString(ROOT.resolve("consumers/src/it/command-line/invoker.properties"));
    assertThat(goals).contains(fetch.group(1) + " ");
  }

  @Test
  void theBomSnippetNamesTheBuildsVersion() throws IOException {
    String parent = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
    Matcher version = Pattern.compile("<artifactId>pgqueuer-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(parent);
    assertThat(version.find()).isTrue();
    assertThat(snippets().get("bom")).contains("<version>" + version.group(1) + "</version>");
  }

  private static List<String> samples() throws IOException {
    try (var dirs = Files.list(ROOT.resolve("consumers/src/it"))) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).map(d -> d.getFileName().toString())
          .sorted().collect(Collectors.toList());
    }
  }

  private static Map<String, String> snippets() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = SNIPPET.matcher(readme);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  /** The text's lines without indentation or blank lines, one per line. */
  private static String lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n", "\n", "\n"));
  }
}

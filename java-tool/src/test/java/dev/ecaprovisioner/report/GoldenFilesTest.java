package dev.ecaprovisioner.report;

import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaComponents;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.eca.XmlElement;
import dev.ecaprovisioner.eca.XmlTreeReader;
import dev.ecaprovisioner.profile.ProfileLoader;
import dev.ecaprovisioner.source.SourceTreeReader;
import dev.ecaprovisioner.testing.TestSecrets;
import dev.ecaprovisioner.validate.ValidationReport;
import dev.ecaprovisioner.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every output format against files under {@code src/test/resources/golden}: {@code NAME.input} says what to
 * validate, {@code NAME.FORMAT.expected} is the exact output. Run with {@code -Dgolden.update=true} to rewrite the
 * expected files after an intended change, then review the diff.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GoldenFilesTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static Stream<Arguments> sourceCases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(GOLDEN)) {
      for (Path input : files.filter(p -> p.toString().endsWith(".input")).sorted().toList()) {
        String name = input.getFileName().toString().replace(".input", "");
        if (name.equals("org-read")) {
          continue;
        }
        for (ReportFormat format : ReportFormat.values()) {
          cases.add(Arguments.of(name, format));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("sourceCases")
  void a_source_tree_renders_exactly_as_expected(String name, ReportFormat format) throws IOException {
    Map<String, String> input = new java.util.LinkedHashMap<>();
    for (String line : Files.readAllLines(GOLDEN.resolve(name + ".input"))) {
      int colon = line.indexOf(':');
      input.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }
    Path directory = Path.of(input.get("directory")).toAbsolutePath().normalize();
    List<String> args = new ArrayList<>(List.of(input.get("args").split(" ")));
    args.addAll(List.of("--format", format.label()));
    StringWriter out = new StringWriter();
    CommandLine commandLine = dev.ecaprovisioner.cli.Cli.newCommandLine(directory);
    commandLine.setOut(new PrintWriter(out));
    commandLine.execute(args.toArray(String[]::new));
    String actual = out.toString().replace(directory + "/", "").replace(directory.toUri().toString(), "");
    compare(actual, GOLDEN.resolve(name + "." + format.label() + ".expected"));
  }

  @Test
  void apps_read_from_an_org_have_no_file_and_never_show_the_secret() throws IOException {
    ValidationReport report = orgReport();
    for (ReportFormat format : List.of(ReportFormat.JSON, ReportFormat.SARIF, ReportFormat.TEXT)) {
      String actual = format.renderer(new RenderOptions(false, "test")).render(List.of(report));
      assertThat(actual).doesNotContain("SECRET-PLACEHOLDER", "KEY-PLACEHOLDER");
      compare(actual, GOLDEN.resolve("org-read." + format.label() + ".expected"));
    }
  }

  @Test
  void several_targets_render_in_one_document() throws IOException {
    ValidationReport source = new Validator(new ProfileLoader(GOLDEN).load(List.of("copilot-studio")))
        .validate("source", SourceTreeReader.read(List.of(Path.of("src/test/resources/fixtures/seed-scenario"))));
    List<ValidationReport> both = List.of(source, orgReport());
    for (ReportFormat format : ReportFormat.values()) {
      String actual = format.renderer(new RenderOptions(false, "test")).render(both);
      compare(actual, GOLDEN.resolve("two-targets." + format.label() + ".expected"));
    }
  }

  /** Builds apps the way a Metadata API read does: each record through {@link EcaComponents#fromElement}. */
  private static ValidationReport orgReport() throws IOException {
    XmlElement result;
    String answer = TestSecrets.fill(Files.readString(GOLDEN.resolve("org-read.input")), "SECRET-PLACEHOLDER");
    try {
      result = XmlTreeReader.parse(answer.getBytes(StandardCharsets.UTF_8));
    } catch (XmlTreeReader.XmlProblem e) {
      throw new AssertionError(e);
    }
    Map<String, Map<EcaType, EcaComponent>> byApp = new java.util.TreeMap<>();
    for (XmlElement record : result.children("records")) {
      EcaType type = EcaType.byApiName(record.attribute("type").orElseThrow()).orElseThrow();
      EcaComponent component = EcaComponents.fromElement(type, record, null, "org:acme");
      byApp.computeIfAbsent(component.appName(), a -> new EnumMap<>(EcaType.class)).put(type, component);
    }
    List<EcaApp> apps = byApp.entrySet().stream().map(e -> new EcaApp(e.getKey(), e.getValue())).toList();
    return new Validator(new ProfileLoader(GOLDEN).load(List.of("copilot-studio"))).validate("org:acme", apps);
  }

  private static void compare(String rendered, Path expectedFile) throws IOException {
    // The html and JSON reports say when they were made; that one value changes from run to run.
    String actual = rendered.replaceAll("<time datetime=\"[^\"]+\">[^<]+</time>", "<time datetime=\"T\">T</time>")
        .replaceAll("\"generatedAt\" : \"[^\"]+\"", "\"generatedAt\" : \"T\"");
    if (UPDATE) {
      Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
    }
    assertThat(expectedFile).as("missing golden file; run with -Dgolden.update=true").exists();
    assertThat(actual).isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
  }
}

package dev.ecaprovisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.org.FakeMetadataApi;
import dev.ecaprovisioner.org.FakeOrgApps;
import dev.ecaprovisioner.org.FakeSfCli;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Opens the html audit report in headless Chromium (Debian's {@code chromium}) and checks the page the browser built:
 * summary first, one row group per app, severity classes, no element smuggled in through a value. Skipped only when
 * Chromium is missing on a developer machine; in CI (CI=true) a missing browser fails the test.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HtmlReportInBrowserTest {
  private static final String HOSTILE_CALLBACK = "https://evil.example/cb?<script>alert('x')</script>&\"q\"";

  @TempDir
  Path dir;

  @Test
  void renders_the_summary_first_then_every_app_with_its_findings() throws Exception {
    Optional<String> chromium = chromium();
    assumeTrue(chromium.isPresent() || "true".equals(System.getenv("CI")),
        "chromium is not installed (apt-get install chromium); CI=true makes this a failure");
    assertThat(chromium).as("chromium on the PATH (scripts/install-tools.sh installs it)").isPresent();

    Path report = auditToHtml();
    String dom = dumpDom(chromium.get(), report);

    assertThat(dom).contains("<h1>External Client App audit</h1>");
    int summary = dom.indexOf("id=\"summary\"");
    int firstTarget = dom.indexOf("class=\"target\"");
    assertThat(summary).isPositive().isLessThan(firstTarget);
    assertThat(dom).contains("3 apps: 3 errors").contains("org:dev").contains("copilot-studio");
    assertThat(count(dom, "<details class=\"app ")).isEqualTo(3);
    assertThat(dom).contains("data-app=\"Seed_App\"").contains("data-app=\"Ready_App\"")
        .contains("data-app=\"Odd_App\"");
    assertThat(dom).contains("class=\"sev sev-error\"").contains("class=\"sev sev-warning\"")
        .contains("copilot-studio/refresh-without-secret");
    // The hostile value is text on the page, not an element.
    assertThat(dom).doesNotContain("<script").contains("&lt;script&gt;alert('x')&lt;/script&gt;");
    assertThat(dom).contains("<time datetime=\"");
  }

  @Test
  void a_screenshot_can_be_taken_for_a_person_to_look_at() throws Exception {
    Optional<String> chromium = chromium();
    assumeTrue(chromium.isPresent() || "true".equals(System.getenv("CI")), "chromium is not installed");
    assertThat(chromium).isPresent();

    Path report = auditToHtml();
    Path png = dir.resolve("audit.png");
    run(List.of(chromium.get(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
        "--user-data-dir=" + dir.resolve("profile-shot"), "--window-size=1400,1000", "--screenshot=" + png,
        report.toUri().toString()));
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(10_000);
    assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    String keep = System.getProperty("eca.screenshot");
    if (keep != null) {
      Files.copy(png, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private Path auditToHtml() throws IOException {
    try (FakeMetadataApi fake = FakeMetadataApi.start()) {
      String token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!HTML";
      fake.acceptToken(token);
      FakeOrgApps.addSeedScenarioApp(fake, "Seed_App");
      FakeOrgApps.addCopilotReadyApp(fake, "Ready_App");
      FakeOrgApps.addSeedScenarioApp(fake, "Odd_App");
      fake.put(EcaType.GLOBAL_OAUTH_SETTINGS, "Odd_App_glbloauth", """
          <callbackUrl>%s</callbackUrl>\
          <externalClientApplication>Odd_App</externalClientApplication>\
          <isPkceRequired>false</isPkceRequired>""".formatted(HOSTILE_CALLBACK.replace("&", "&amp;")
          .replace("<", "&lt;").replace(">", "&gt;")));
      Files.createDirectories(dir.resolve("bin"));
      FakeSfCli sf = FakeSfCli.installIn(dir.resolve("bin")).signedIn("dev", fake.instanceUrl(), "65.0", token);
      CommandLine commandLine = Cli.newCommandLine(dir, Map.of("ECA_PROVISIONER_SF", sf.executable().toString()));
      StringWriter err = new StringWriter();
      commandLine.setErr(new PrintWriter(err));
      int exit = commandLine.execute("audit", "-o", "dev", "--format", "html", "--output", "audit.html");
      assertThat(exit).as(err.toString()).isEqualTo(ExitCode.FINDINGS);
    }
    return dir.resolve("audit.html");
  }

  private String dumpDom(String chromium, Path report) throws Exception {
    return run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + dir.resolve("profile-dom"), "--dump-dom", report.toUri().toString()));
  }

  private String run(List<String> command) throws Exception {
    Path out = dir.resolve("chromium-" + UUID.randomUUID() + ".out");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s");
    }
    assertThat(process.exitValue()).as("chromium exit code").isZero();
    return Files.readString(out);
  }

  private static int count(String text, String needle) {
    Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  static Optional<String> chromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String path : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path candidate = Path.of(path, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate.toString());
        }
      }
    }
    return Optional.empty();
  }
}

package dev.ecaprovisioner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.org.FakeMetadataApi;
import dev.ecaprovisioner.org.FakeOrgApps;
import dev.ecaprovisioner.org.FakeRestApi;
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
    // The summary by rule: a chart of inline SVG the browser parsed as SVG, and a table whose rows link to the apps.
    assertThat(dom).contains("<svg class=\"chart\"", "<rect class=\"bar error\"", "<rect class=\"bar warning\"",
        "<tr id=\"rule-0\">", "href=\"#t-org-dev--Seed_App\"");
    assertThat(dom.indexOf("id=\"by-rule\"")).isBetween(summary, firstTarget);
    assertThat(dom).doesNotContain("<link", "src=\"http", "href=\"http");
  }

  @Test
  void a_report_of_a_thousand_apps_folds_each_app_errors_first_under_one_chart() throws Exception {
    Optional<String> chromium = chromium();
    assumeTrue(chromium.isPresent() || "true".equals(System.getenv("CI")), "chromium is not installed");
    assertThat(chromium).isPresent();

    Path report = auditToHtml(1000);
    String dom = dumpDom(chromium.get(), report);

    assertThat(count(dom, "<details class=\"app ")).isEqualTo(1000);
    assertThat(count(dom, "<svg class=\"chart\"")).isEqualTo(1);
    // Every fourth app has the seed scenario's error: those come first, in name order.
    assertThat(dom.indexOf("data-app=\"App0000\"")).isLessThan(dom.indexOf("data-app=\"App0996\""))
        .isLessThan(dom.indexOf("data-app=\"App0001\""));
    assertThat(dom).contains(">App0016</a> and 245 more", "1000 apps: 250 errors, 3000 warnings, 100 info");

    Path png = dir.resolve("audit-1000.png");
    run(List.of(chromium.get(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
        "--user-data-dir=" + dir.resolve("profile-shot-1000"), "--window-size=1400,1400", "--screenshot=" + png,
        report.toUri().toString()));
    assertThat(Files.size(png)).isGreaterThan(10_000);
    String keep = System.getProperty("eca.screenshot.1000");
    if (keep != null) {
      Files.copy(png, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(report, Path.of(keep.replaceAll("\\.png$", "") + ".html"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
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

  /** {@code apps} apps named App0000 and on, every fourth the failing seed scenario, the rest ready for Copilot. */
  private Path auditToHtml(int apps) throws IOException {
    try (FakeMetadataApi fake = FakeMetadataApi.start()) {
      String token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!HTML";
      fake.acceptToken(token);
      try (FakeRestApi rest = FakeRestApi.beside(fake, token)) {
        List<Map<String, Object>> tokens = new java.util.ArrayList<>();
        String lastWeek = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now().minus(java.time.Duration.ofDays(7)));
        for (int i = 0; i < apps; i++) {
          String name = String.format(java.util.Locale.ROOT, "App%04d", i);
          if (i % 10 != 0) {
            // Nine apps in ten are in use; the tenth has no token and is reported unused.
            tokens.add(FakeRestApi.record("OauthToken", "0CR" + i, Map.of("AppName", name, "UserId", "005" + i % 7,
                "CreatedDate", lastWeek, "LastUsedDate", lastWeek, "UseCount", 3)));
          }
          if (i % 4 == 0) {
            FakeOrgApps.addSeedScenarioApp(fake, name);
          } else {
            FakeOrgApps.addCopilotReadyApp(fake, name);
          }
        }
        rest.rows("OauthToken", tokens);
        return audit(fake, token, "audit-" + apps + ".html");
      }
    }
  }

  private Path audit(FakeMetadataApi fake, String token, String file) throws IOException {
    Files.createDirectories(dir.resolve("bin"));
    FakeSfCli sf = FakeSfCli.installIn(dir.resolve("bin")).signedIn("dev", fake.instanceUrl(), "65.0", token);
    CommandLine commandLine = Cli.newCommandLine(dir, Map.of("ECA_PROVISIONER_SF", sf.executable().toString()));
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute("audit", "-o", "dev", "--format", "html", "--output", file);
    assertThat(exit).as(err.toString()).isEqualTo(ExitCode.FINDINGS);
    return dir.resolve(file);
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

package dev.ecaprovisioner.org;

import dev.ecaprovisioner.audit.AppUsage;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.profile.ProfileLoader;
import dev.ecaprovisioner.report.RenderOptions;
import dev.ecaprovisioner.report.ReportFormat;
import dev.ecaprovisioner.validate.FailOn;
import dev.ecaprovisioner.validate.TargetFacts;
import dev.ecaprovisioner.validate.ValidationReport;
import dev.ecaprovisioner.validate.Validator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of {@code scripts/bench-audit.sh}: {@code audit} of one org holding many External Client Apps on the
 * fake Metadata API with a fixed latency per call, run as a user runs it (the shaded jar in its own JVM, JVM start
 * included). It prints the Metadata API calls made against the fewest the API allows, the wall time, the ratio against
 * reading app by app one call at a time, the audit JVM's peak heap, and the time from the read to the written report
 * of every format (usage read from OauthToken on the same loopback host included).
 *
 * <p>The one-call-at-a-time figure is measured on a sample of apps in this JVM with the same client code and latency,
 * then scaled to the full count (it grows linearly: five calls per app); running it whole would take minutes.
 */
public final class AuditBenchmark {
  private static final Pattern GC_BEFORE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private AuditBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int apps = Integer.parseInt(options.getOrDefault("apps", "1000"));
    Duration latency = Duration.ofMillis(Long.parseLong(options.getOrDefault("latency-ms", "100")));
    int sample = Integer.parseInt(options.getOrDefault("sequential-sample", "20"));
    Path jar = Path.of(options.getOrDefault("jar", "java-tool/target/eca-provisioner.jar"));
    String token = "00D" + UUID.randomUUID().toString().replace("-", "") + "!BENCHMARK";

    WscMetadataApi.keepConnectionsFor(ReadOptions.DEFAULT_CONCURRENCY);
    Path work = Files.createTempDirectory("eca-bench");
    try (FakeMetadataApi fake = FakeMetadataApi.start(); FakeRestApi rest = FakeRestApi.beside(fake, token)) {
      fake.acceptToken(token);
      List<Map<String, Object>> tokens = new ArrayList<>();
      String lastWeek = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC)
          .format(Instant.now().minus(Duration.ofDays(7)));
      for (int i = 0; i < apps; i++) {
        String name = String.format(Locale.ROOT, "Bench%04d", i);
        FakeOrgApps.addCopilotReadyApp(fake, name);
        if (i % 10 != 0) {
          tokens.add(FakeRestApi.record("OauthToken", "0CR" + i, Map.of("AppName", name, "UserId", "005" + (i % 50),
              "CreatedDate", lastWeek, "LastUsedDate", lastWeek, "UseCount", 5)));
        }
      }
      rest.rows("OauthToken", tokens);
      warmUp(fake, token);
      fake.latency(latency);

      String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
      Path report = work.resolve("audit.json");
      Path gcLog = work.resolve("gc.log");
      double wallSeconds = runAudit(jar, fake, token, work, report, gcLog, List.of(), options);
      int reported = countApps(Files.readString(report));
      int listCalls = fake.calls(FakeMetadataApi.LIST);
      int readCalls = fake.calls(FakeMetadataApi.READ);
      int maxInFlight = fake.maxInFlight();
      long peakHeapMb = peakHeapMb(Files.readAllLines(gcLog));
      fake.resetCounts();
      double quickJitSeconds = runAudit(jar, fake, token, work, report, work.resolve("gc-c1.log"),
          List.of("-XX:TieredStopAtLevel=1"), options);
      int minimum = (EcaType.values().length + 2) / 3 + EcaType.values().length * ((apps + 9) / 10);

      int restQueries = rest.queries().size() / 2;
      double warmReadSeconds = warmRead(fake, token);
      Map<String, Double> reportMillis = reportMillis(fake, token, work);
      double sequentialSeconds = sequentialEstimate(apps, sample, latency, token);

      System.out.printf(Locale.ROOT, "audit of 1 org holding %d External Client Apps, %d ms latency per call%n", apps,
          latency.toMillis());
      System.out.printf(Locale.ROOT, "  apps in the report:          %d%n", reported);
      System.out.printf(Locale.ROOT, "  Metadata API calls:          %d (listMetadata %d + readMetadata %d)%n",
          listCalls + readCalls, listCalls, readCalls);
      System.out.printf(Locale.ROOT, "  fewest the API allows:       %d (ceil(5/3) = 2 + 5 x ceil(%d/10) = %d)%n",
          minimum, apps, minimum - 2);
      System.out.printf(Locale.ROOT, "  most calls in flight:        %d%n", maxInFlight);
      System.out.printf(Locale.ROOT, "  wall time (JVM start incl.): %.2f s (target: under 3 s)%n", wallSeconds);
      System.out.printf(Locale.ROOT,
          "  same, java -XX:TieredStopAtLevel=1: %.2f s (JIT without C2: less CPU for a short run)%n",
          quickJitSeconds);
      System.out.printf(Locale.ROOT, "  reading alone, warm JVM:     %.2f s (the same calls, in this JVM after a warm-up)%n",
          warmReadSeconds);
      System.out.printf(Locale.ROOT, "  REST queries for usage:      %d per audit (OauthToken, labels batched)%n",
          restQueries);
      StringBuilder figures = new StringBuilder();
      double slowest = 0;
      for (ReportFormat format : ReportFormat.values()) {
        double ms = reportMillis.get(format.label());
        slowest = Math.max(slowest, ms);
        figures.append(figures.length() == 0 ? "" : ", ").append(format.label())
            .append(String.format(Locale.ROOT, " %.0f ms", ms));
      }
      System.out.printf(Locale.ROOT, "  after the read, warm JVM:    check %.0f ms, usage from OauthToken %.0f ms "
          + "(medians of 5)%n", reportMillis.get("check"), reportMillis.get("usage"));
      System.out.printf(Locale.ROOT, "  report of %d apps written:  %s (by-rule summary, render, write the file)%n",
          apps, figures);
      System.out.printf(Locale.ROOT, "  on top of the reads:         %.0f ms at most (check + slowest format; the "
          + "Metadata API and OauthToken reads apart; target: under 1 s)%n", reportMillis.get("check") + slowest);
      System.out.printf(Locale.ROOT, "  machine load (1 min avg):    %s on %d cores, when the audit started%n", load,
          Runtime.getRuntime().availableProcessors());
      System.out.printf(Locale.ROOT, "  app by app, one call at a time: %.1f s (measured on %d apps, scaled to %d)%n",
          sequentialSeconds, sample, apps);
      System.out.printf(Locale.ROOT, "  speed-up:                    %.0fx%n", sequentialSeconds / wallSeconds);
      System.out.printf(Locale.ROOT, "  peak heap of the audit JVM:  %d MB (largest heap in use seen by the GC log)%n",
          peakHeapMb);
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Runs {@code java [jvmFlags] -jar JAR audit --instance-url ...} and returns its wall time in seconds. */
  private static double runAudit(Path jar, FakeMetadataApi fake, String token, Path work, Path report, Path gcLog,
      List<String> jvmFlags, Map<String, String> options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("-Xlog:gc,gc+heap+exit:file=" + gcLog, "-jar", jar.toString(), "audit", "--instance-url",
        fake.instanceUrl(), "--format", "json", "--output", report.toString()));
    if (options.containsKey("concurrency")) {
      command.addAll(List.of("--concurrency", options.get("concurrency")));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("audit.out").toFile());
    builder.environment().put(TokenSignIn.TOKEN_VARIABLE, token);
    long start = System.nanoTime();
    int exit = builder.start().waitFor();
    double wallSeconds = (System.nanoTime() - start) / 1e9;
    String output = Files.readString(work.resolve("audit.out"));
    if (exit != 0 && exit != 1) {
      throw new IllegalStateException("audit exited " + exit + ": " + output);
    }
    if (output.contains(token) || Files.readString(report).contains(token)) {
      throw new IllegalStateException("the token appeared in the audit's output");
    }
    return wallSeconds;
  }

  /**
   * Answers a few hundred calls before the timed run, so that the fake's own code is compiled by the JIT: the fake
   * stands in for Salesforce's servers, whose start-up is not part of what the benchmark measures.
   */
  private static void warmUp(FakeMetadataApi fake, String token) {
    OrgSession session = new OrgSession("warm-up", URI.create(fake.instanceUrl()), null, null, "65.0",
        AccessToken.of(token));
    ReadOptions options = new ReadOptions(8, Duration.ofSeconds(10), Duration.ofSeconds(60), 0, Duration.ofMillis(1));
    for (int round = 0; round < 2; round++) {
      new OrgReader(new WscMetadataApi(options.connectTimeout(), options.readTimeout()), options, ReadProgress.NONE)
          .read(null, session);
    }
    fake.resetCounts();
  }

  /** Reads the whole org again with the default options in this (warm) JVM: the reading part of the wall time. */
  private static double warmRead(FakeMetadataApi fake, String token) {
    OrgSession session = new OrgSession("bench", URI.create(fake.instanceUrl()), null, null, "65.0",
        AccessToken.of(token));
    ReadOptions options = ReadOptions.defaults();
    long start = System.nanoTime();
    OrgSnapshot snapshot = new OrgReader(new WscMetadataApi(options.connectTimeout(), options.readTimeout()), options,
        ReadProgress.NONE).read(null, session);
    if (!snapshot.unreadApps().isEmpty()) {
      throw new IllegalStateException("the warm read failed: " + snapshot.unreadApps().values().iterator().next());
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * The time from a read snapshot to a written report, in this (warm) JVM, as medians of five runs after two warm-up
   * runs: checking every app against the default profiles ({@code check}), reading usage from OauthToken and adding
   * unused-app findings ({@code usage}, REST calls included), then per format the summary by rule, rendering and
   * writing the file.
   */
  private static Map<String, Double> reportMillis(FakeMetadataApi fake, String token, Path work) throws IOException {
    OrgSession session = new OrgSession("bench", URI.create(fake.instanceUrl()), "00D5g000004ABCDEA2", null, "65.0",
        AccessToken.of(token));
    ReadOptions options = ReadOptions.defaults();
    OrgSnapshot snapshot = new OrgReader(new WscMetadataApi(options.connectTimeout(), options.readTimeout()), options,
        ReadProgress.NONE).read(null, session);
    List<Profile> profiles = new ProfileLoader(Path.of("")).load(List.of());
    HttpRestApi rest = new HttpRestApi(options);
    Map<String, Double> millis = new LinkedHashMap<>();
    ValidationReport[] checked = new ValidationReport[1];
    millis.put("check", median(() -> {
      ValidationReport report = OrgValidation.validate(snapshot, new Validator(profiles), profiles);
      checked[0] = report.with(report.apps(), new TargetFacts(snapshot.org().orgId(), snapshot.org().instanceUrl(),
          null, null));
    }));
    ValidationReport[] used = new ValidationReport[1];
    millis.put("usage", median(() -> used[0] = AppUsage.withUnusedApps(checked[0],
        AppUsage.read(rest, null, session, snapshot.apps(), 90), Instant.now())));
    for (ReportFormat format : ReportFormat.values()) {
      millis.put(format.label(), median(() -> Files.writeString(work.resolve("report." + format.label()),
          format.renderer(new RenderOptions(false, "bench", Instant.now(), FailOn.ERROR)).render(List.of(used[0])))));
    }
    return millis;
  }

  /** A step the report benchmark times. */
  @FunctionalInterface
  private interface Step {
    void run() throws IOException;
  }

  private static double median(Step step) throws IOException {
    List<Double> runs = new ArrayList<>();
    for (int run = 0; run < 7; run++) {
      long start = System.nanoTime();
      step.run();
      if (run >= 2) {
        runs.add((System.nanoTime() - start) / 1e6);
      }
    }
    runs.sort(null);
    return runs.get(runs.size() / 2);
  }

  /** Reads {@code sample} apps one call at a time (two list calls, then five reads per app) and scales to {@code apps}. */
  private static double sequentialEstimate(int apps, int sample, Duration latency, String token) throws IOException {
    try (FakeMetadataApi fake = FakeMetadataApi.start()) {
      fake.acceptToken(token);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < sample; i++) {
        String name = String.format(Locale.ROOT, "Seq%04d", i);
        FakeOrgApps.addCopilotReadyApp(fake, name);
        names.add(name);
      }
      fake.latency(latency);
      OrgSession session = new OrgSession("bench", URI.create(fake.instanceUrl()), null, null, "65.0",
          AccessToken.of(token));
      WscMetadataApi api = new WscMetadataApi(Duration.ofSeconds(10), Duration.ofSeconds(60));
      long start = System.nanoTime();
      try {
        api.listMetadata(session, List.of(EcaType.values()).subList(0, 3));
        api.listMetadata(session, List.of(EcaType.values()).subList(3, 5));
        double listSeconds = (System.nanoTime() - start) / 1e9;
        long readStart = System.nanoTime();
        for (String name : names) {
          api.readMetadata(session, EcaType.EXTERNAL_CLIENT_APPLICATION, List.of(name));
          api.readMetadata(session, EcaType.OAUTH_SETTINGS, List.of(name + "_oauth"));
          api.readMetadata(session, EcaType.GLOBAL_OAUTH_SETTINGS, List.of(name + "_glbloauth"));
          api.readMetadata(session, EcaType.OAUTH_POLICIES, List.of(name + "_oauthPlcy"));
          api.readMetadata(session, EcaType.PLUGIN_POLICIES, List.of(name + "_plcy"));
        }
        double perApp = (System.nanoTime() - readStart) / 1e9 / sample;
        return listSeconds + perApp * apps;
      } catch (MetadataCallException e) {
        throw new IllegalStateException("the one-call-at-a-time sample failed: " + e.getMessage(), e);
      }
    }
  }

  /** The apps of the JSON report: entries with a "name" and a "findings" list. */
  private static int countApps(String json) {
    Matcher matcher = Pattern.compile("\"findings\"\\s*:").matcher(json);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  static long peakHeapMb(List<String> gcLog) {
    long peak = 0;
    for (String line : gcLog) {
      Matcher before = GC_BEFORE.matcher(line);
      if (before.find()) {
        peak = Math.max(peak, Long.parseLong(before.group(1)));
      }
      Matcher used = HEAP_USED.matcher(line);
      if (used.find()) {
        peak = Math.max(peak, Long.parseLong(used.group(1)) / 1024);
      }
    }
    return peak;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }
}

package dev.ecaprovisioner.report;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.eca.Xml;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.ValidationReport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import dev.ecaprovisioner.validate.TargetFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One self-contained HTML page an admin opens in a browser or hands to a security reviewer: the summary first (what
 * changed since the baseline, per target apps, errors, warnings, then a bar chart of apps affected per rule coloured by
 * severity and the same rows as a table linking to the apps), then per target each app folded in a {@code <details>}
 * (errors first) with its findings, usage and changes, the profiles used and when the check ran. Inline CSS and SVG
 * only, no script, no external asset; every value is HTML-escaped.
 */
final class HtmlRenderer implements ReportRenderer {
  private static final int CHART_WIDTH = 900;
  private static final int CHART_LABEL = 390;
  private static final int CHART_BAR = 440;
  private static final int CHART_ROW = 24;
  private static final int CHART_TOP = 4;
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  private final String toolVersion;
  private final Instant generatedAt;

  HtmlRenderer(String toolVersion, Instant generatedAt) {
    this.toolVersion = toolVersion;
    this.generatedAt = generatedAt;
  }

  @Override
  public String render(List<ValidationReport> reports) {
    Summary total = Summary.of(reports);
    Set<String> profiles = new LinkedHashSet<>();
    reports.forEach(r -> profiles.addAll(r.profiles()));
    StringBuilder out = new StringBuilder(16_384);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>External Client App audit</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n")
        .append("<body>\n<header>\n<h1>External Client App audit</h1>\n<p class=\"meta\">Checked <time datetime=\"")
        .append(generatedAt).append("\">").append(SHOWN.format(generatedAt))
        .append("</time> against <span id=\"profiles\">")
        .append(Xml.escape(String.join(", ", profiles))).append("</span> by eca-provisioner ")
        .append(Xml.escape(toolVersion)).append(".</p>\n</header>\n");

    out.append("<section id=\"summary\">\n<h2>Summary</h2>\n");
    ChangeSummary.of(reports).ifPresent(c -> out.append("<p class=\"changes\">Changes: ")
        .append(Xml.escape(c.sentence())).append("</p>\n"));
    out.append("<p class=\"verdict ")
        .append(total.errors() > 0 ? "failing" : "passing").append("\">").append(Xml.escape(total.sentence()))
        .append("</p>\n<table class=\"summary\">\n<thead><tr><th>Target</th><th>Apps</th><th>Errors</th>")
        .append("<th>Warnings</th><th>Info</th></tr></thead>\n<tbody>\n");
    for (ValidationReport report : reports) {
      Summary s = Summary.of(report);
      out.append("<tr><td><a href=\"#").append(anchor(report.target())).append("\">").append(Xml.escape(report.target()))
          .append("</a></td><td>").append(s.apps())
          .append("</td><td class=\"").append(s.errors() > 0 ? "sev-error" : "")
          .append("\">").append(s.errors()).append("</td><td class=\"").append(s.warnings() > 0 ? "sev-warning" : "")
          .append("\">").append(s.warnings()).append("</td><td>").append(s.infos()).append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n");
    byRule(RuleSummary.of(reports), out);
    out.append("</section>\n");

    for (ValidationReport report : reports) {
      target(report, out);
    }
    out.append("</body>\n</html>\n");
    return out.toString();
  }

  /** The chart of apps affected per rule, coloured by severity, then the same rows as a table linking to the apps. */
  private static void byRule(List<RuleSummary> rules, StringBuilder out) {
    out.append("<section id=\"by-rule\">\n<h3>Findings by rule</h3>\n");
    if (rules.isEmpty()) {
      out.append("<p>No findings.</p>\n</section>\n");
      return;
    }
    out.append("<p class=\"legend\">Apps affected per rule: <span class=\"key error\"></span> error ")
        .append("<span class=\"key warning\"></span> warning <span class=\"key info\"></span> info</p>\n");
    int most = rules.stream().mapToInt(r -> r.apps().size()).max().orElse(1);
    int height = CHART_TOP + rules.size() * CHART_ROW;
    out.append("<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-title\" viewBox=\"0 0 ")
        .append(CHART_WIDTH).append(' ').append(height).append("\" width=\"").append(CHART_WIDTH)
        .append("\" height=\"").append(height).append("\">\n<title id=\"chart-title\">Apps affected per rule")
        .append("</title>\n");
    for (int i = 0; i < rules.size(); i++) {
      RuleSummary r = rules.get(i);
      int y = CHART_TOP + i * CHART_ROW;
      int width = Math.max(2, (int) Math.round((double) CHART_BAR * r.apps().size() / most));
      String rule = r.rule().length() > 52 ? r.rule().substring(0, 51) + "\u2026" : r.rule();
      out.append("<a href=\"#rule-").append(i).append("\"><text class=\"label\" x=\"").append(CHART_LABEL - 8)
          .append("\" y=\"").append(y + 15).append("\" text-anchor=\"end\">").append(Xml.escape(rule))
          .append("</text><rect class=\"bar ").append(r.severity().label()).append("\" x=\"").append(CHART_LABEL)
          .append("\" y=\"").append(y + 3).append("\" width=\"").append(width).append("\" height=\"16\" rx=\"2\">")
          .append("<title>").append(Xml.escape(r.severity().label() + " " + r.rule() + ": "
              + Summary.plural(r.apps().size(), "app"))).append("</title></rect><text class=\"count\" x=\"")
          .append(CHART_LABEL + width + 6).append("\" y=\"").append(y + 15).append("\">").append(r.apps().size())
          .append("</text></a>\n");
    }
    out.append("</svg>\n<table class=\"rules\">\n<thead><tr><th>Severity</th><th>Rule</th><th>Setting</th>")
        .append("<th>Apps</th><th>Which</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < rules.size(); i++) {
      RuleSummary r = rules.get(i);
      out.append("<tr id=\"rule-").append(i).append("\"><td class=\"sev sev-").append(r.severity().label())
          .append("\">").append(r.severity().label()).append("</td><td><code>").append(Xml.escape(r.rule()))
          .append("</code></td><td>");
      if (r.setting() != null) {
        if (r.setupLabel() != null) {
          out.append(Xml.escape(r.setupLabel())).append("<br>");
        }
        out.append("<code class=\"setting\">").append(Xml.escape(r.setting()).replace(".", ".<wbr>"))
            .append("</code>");
      }
      out.append("</td><td class=\"num\">").append(r.apps().size()).append("</td><td>");
      List<RuleSummary.AppRef> named = r.apps().subList(0, Math.min(RuleSummary.NAMES_SHOWN, r.apps().size()));
      for (int n = 0; n < named.size(); n++) {
        RuleSummary.AppRef app = named.get(n);
        out.append(n == 0 ? "" : ", ").append("<a href=\"#").append(appAnchor(app.target(), app.name()))
            .append("\">").append(Xml.escape(app.shown())).append("</a>");
      }
      if (r.apps().size() > named.size()) {
        out.append(" and ").append(r.apps().size() - named.size()).append(" more");
      }
      out.append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n</section>\n");
  }

  private static void target(ValidationReport report, StringBuilder out) {
    out.append("<section class=\"target\" id=\"").append(anchor(report.target())).append("\">\n<h2>")
        .append(Xml.escape(report.target())).append("</h2>\n<p class=\"meta\">Profiles: ")
        .append(Xml.escape(String.join(", ", report.profiles()))).append(". ")
        .append(Xml.escape(Summary.of(report).sentence())).append(".</p>\n");
    TargetFacts facts = report.facts();
    TargetFacts.Usage usage = facts == null ? null : facts.usage();
    if (usage != null && usage.unavailable() != null) {
      out.append("<p class=\"note\">Usage not read: ").append(Xml.escape(usage.unavailable())).append("</p>\n");
    }
    TargetFacts.Changes changes = facts == null ? null : facts.changes();
    if (changes != null) {
      String since = ChangeSummary.DAY.format(changes.since());
      if (!changes.appeared().isEmpty()) {
        out.append("<p class=\"note\">Apps new since ").append(since).append(": ")
            .append(Xml.escape(String.join(", ", changes.appeared()))).append("</p>\n");
      }
      if (!changes.disappeared().isEmpty()) {
        out.append("<p class=\"note\">Apps gone since ").append(since).append(": ")
            .append(Xml.escape(String.join(", ", changes.disappeared()))).append("</p>\n");
      }
    }
    if (report.apps().isEmpty()) {
      out.append("<p>No External Client App found.</p>\n</section>\n");
      return;
    }
    List<AppResult> ordered = new ArrayList<>(report.apps());
    ordered.sort(Comparator.comparingInt(HtmlRenderer::rank).thenComparing(AppResult::name));
    for (AppResult app : ordered) {
      app(report.target(), app, usage, changes, out);
    }
    out.append("</section>\n");
  }

  /** Apps with errors first, then with warnings, then with notes, then those that pass. */
  private static int rank(AppResult app) {
    if (app.count(Severity.ERROR) > 0) {
      return 0;
    }
    if (app.count(Severity.WARNING) > 0) {
      return 1;
    }
    return app.findings().isEmpty() ? 3 : 2;
  }

  private static void app(String target, AppResult app, TargetFacts.Usage usage, TargetFacts.Changes changes,
      StringBuilder out) {
    String worst = app.findings().isEmpty() ? "pass" : app.findings().get(0).severity().label();
    out.append("<details class=\"app ").append(worst).append("\" id=\"").append(appAnchor(target, app.name()))
        .append("\" data-app=\"").append(Xml.escape(app.name())).append("\">\n<summary><span class=\"name\">")
        .append(Xml.escape(app.name())).append("</span> <span class=\"counts\">").append(app.count(Severity.ERROR))
        .append(" E · ").append(app.count(Severity.WARNING)).append(" W · ").append(app.count(Severity.INFO))
        .append(" I</span>");
    if (changes != null) {
      long added = app.findings().stream().filter(f -> changes.isNew(app.name(), f)).count();
      if (added > 0) {
        out.append(" <span class=\"badge new\">").append(added).append(" new</span>");
      }
      if (!changes.fixedIn(app.name()).isEmpty()) {
        out.append(" <span class=\"badge fixed\">").append(changes.fixedIn(app.name()).size()).append(" fixed</span>");
      }
    }
    TargetFacts.AppUsage used = usage == null ? null : usage.of(app.name());
    if (used != null) {
      out.append(" <span class=\"usage\">").append(Xml.escape(TextRenderer.usageInWords(used))).append("</span>");
    }
    out.append("</summary>\n");
    if (changes != null && !changes.fixedIn(app.name()).isEmpty()) {
      out.append("<p class=\"fixed\">Fixed since ").append(ChangeSummary.DAY.format(changes.since())).append(": ");
      List<Finding> fixed = changes.fixedIn(app.name());
      for (int i = 0; i < fixed.size(); i++) {
        out.append(i == 0 ? "" : ", ").append("<code>").append(Xml.escape(fixed.get(i).rule())).append("</code>");
      }
      out.append("</p>\n");
    }
    if (app.findings().isEmpty()) {
      out.append("<p class=\"sev-pass\">All ").append(Summary.plural(app.passedRules().size(), "rule"))
          .append(" met.</p>\n</details>\n");
      return;
    }
    out.append("<table class=\"apps\">\n<colgroup><col class=\"c-sev\">")
        .append(changes == null ? "" : "<col class=\"c-change\">").append("<col class=\"c-setting\">")
        .append("<col class=\"c-value\"><col class=\"c-value\"><col class=\"c-why\"></colgroup>\n")
        .append("<thead><tr><th>Severity</th>").append(changes == null ? "" : "<th>Change</th>")
        .append("<th>Setting and rule</th><th>Expected</th><th>Actual</th>")
        .append("<th>What goes wrong, and the fix</th></tr></thead>\n<tbody>\n");
    for (Finding f : app.findings()) {
      out.append("<tr class=\"finding ").append(f.severity().label()).append("\">");
      out.append("<td class=\"sev sev-").append(f.severity().label()).append("\">").append(f.severity().label())
          .append("</td>");
      if (changes != null) {
        boolean added = changes.isNew(app.name(), f);
        out.append("<td class=\"change").append(added ? " new" : "").append("\">").append(added ? "new" : "unchanged")
            .append("</td>");
      }
      out.append("<td>");
      if (f.type() != null) {
        out.append("<code class=\"setting\">").append(Xml.escape(f.type()))
            .append(f.field() == null ? "" : ".<wbr>" + Xml.escape(f.field())).append("</code>");
      }
      out.append("<div class=\"rule\"><code>").append(Xml.escape(f.rule())).append("</code></div></td><td>")
          .append(Xml.escape(f.expected())).append("</td><td>").append(Xml.escape(f.actual()))
          .append("</td><td>").append(Xml.escape(f.message()));
      if (f.conflict() != null) {
        // The message already names the accepted risk and the compensating controls; this marks the conflict.
        out.append("<div class=\"conflict\">Conflict: overrides <code>").append(Xml.escape(f.conflict().baselineRule()))
            .append("</code>; the admin decides.</div>");
      }
      if (f.fix() != null) {
        out.append("<div class=\"fix\"><b>Fix:</b> ").append(Xml.escape(f.fix().setupLabel()));
        if (f.fix().metadataValue() != null) {
          out.append(" <span class=\"metadata\">(metadata: <code>").append(Xml.escape(f.fix().metadataValue()))
              .append("</code>)</span>");
        }
        out.append("</div>");
      }
      out.append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n</details>\n");
  }

  /** An id for an app of a target: letters, digits, dashes and underscores only, so it needs no escaping. */
  static String appAnchor(String target, String app) {
    return anchor(target) + "--" + app.replaceAll("[^A-Za-z0-9_]+", "-");
  }

  /** An id for a target: letters, digits and dashes only, so it needs no escaping. */
  static String anchor(String target) {
    return "t-" + target.replaceAll("[^A-Za-z0-9]+", "-");
  }

  private static final String STYLE = """
      :root { color-scheme: light; --error: #b3261e; --warning: #8a5a00; --info: #1f5fa8; --pass: #1e7b34; }
      body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem; color: #1b1b1f; }
      h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
      h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
      .meta { color: #555; margin: .25rem 0 1rem; }
      .verdict { font-weight: 600; padding: .5rem .75rem; border-radius: 6px; display: inline-block; }
      .verdict.failing { background: #fde7e6; color: var(--error); }
      .verdict.passing { background: #e5f4e8; color: var(--pass); }
      table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
      table.apps { table-layout: fixed; }
      col.c-sev { width: 6.5rem; } col.c-change { width: 6.5rem; } col.c-setting { width: 24%; }
      col.c-value { width: 11%; } col.c-why { width: auto; }
      td, th { overflow-wrap: anywhere; }
      .rule { margin-top: .25rem; color: #555; font-size: .85em; }
      .fix { margin-top: .35rem; padding-top: .35rem; border-top: 1px dashed #d7d7de; }
      .metadata { color: #444; }
      th, td { border: 1px solid #d7d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
      thead th { background: #f1f1f5; }
      table.summary { width: auto; }
      .changes { font-weight: 600; font-size: 1.05rem; margin: .25rem 0 .75rem; }
      svg.chart { display: block; max-width: 100%; height: auto; margin: .5rem 0; }
      svg.chart text { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; fill: #1b1b1f; }
      svg.chart a:hover text.label { text-decoration: underline; }
      .bar.error { fill: var(--error); } .bar.warning { fill: #d89500; } .bar.info { fill: var(--info); }
      table.rules td.num { text-align: right; }
      table.rules thead th, table.rules td.sev { white-space: nowrap; }
      .legend { color: #555; margin: .25rem 0; }
      .key { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-left: .5em; }
      .key.error { background: var(--error); } .key.warning { background: #d89500; } .key.info { background: var(--info); }
      details.app { border: 1px solid #d7d7de; border-left-width: 4px; border-radius: 4px; margin: .35rem 0;
        padding: .3rem .6rem; }
      details.app.error { border-left-color: var(--error); } details.app.warning { border-left-color: #d89500; }
      details.app.info { border-left-color: var(--info); } details.app.pass { border-left-color: var(--pass); }
      details.app > summary { cursor: pointer; }
      details.app .name { font-weight: 600; }
      .usage, .note { color: #555; }
      .usage { margin-left: .5rem; font-size: .9em; }
      .badge { font-size: .8em; padding: 0 .4rem; border-radius: 8px; margin-left: .25rem; }
      .badge.new, td.change.new { background: #fde7e6; color: var(--error); font-weight: 600; }
      .badge.fixed { background: #e5f4e8; color: var(--pass); }
      .fixed { color: var(--pass); margin: .35rem 0; }
      .counts { font-weight: normal; color: #666; font-size: .85em; }
      .sev { font-weight: 700; text-transform: uppercase; font-size: .8em; white-space: nowrap; }
      .sev-error { color: var(--error); }
      tr.finding.error td.sev { background: #fde7e6; }
      .sev-warning { color: var(--warning); }
      tr.finding.warning td.sev { background: #fff4d6; }
      .sev-info { color: var(--info); }
      tr.finding.info td.sev { background: #e6effa; }
      .sev-pass { color: var(--pass); background: #e5f4e8; }
      .conflict { margin-top: .35rem; padding: .35rem .5rem; border-left: 3px solid var(--warning);
        background: #fffaf0; }
      code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
      @media print { body { margin: 0; } a { color: inherit; text-decoration: none; }
        details.app { break-inside: avoid; } }
      """;
}

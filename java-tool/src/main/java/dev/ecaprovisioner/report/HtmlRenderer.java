package dev.ecaprovisioner.report;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.eca.Xml;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.ValidationReport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One self-contained HTML page an admin opens in a browser or hands to a security reviewer: the summary first (per
 * target: apps, errors, warnings), then per target a table of apps and their findings with severity colours, the
 * profiles used and when the check ran. Inline CSS only, no script, no external asset; every value is HTML-escaped.
 */
final class HtmlRenderer implements ReportRenderer {
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

    out.append("<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"verdict ")
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
    out.append("</tbody>\n</table>\n</section>\n");

    for (ValidationReport report : reports) {
      out.append("<section class=\"target\" id=\"").append(anchor(report.target())).append("\">\n<h2>")
          .append(Xml.escape(report.target())).append("</h2>\n<p class=\"meta\">Profiles: ")
          .append(Xml.escape(String.join(", ", report.profiles()))).append(". ")
          .append(Xml.escape(Summary.of(report).sentence())).append(".</p>\n");
      if (report.apps().isEmpty()) {
        out.append("<p>No External Client App found.</p>\n</section>\n");
        continue;
      }
      out.append("<table class=\"apps\">\n<colgroup><col class=\"c-app\"><col class=\"c-sev\">")
          .append("<col class=\"c-setting\">")
          .append("<col class=\"c-value\"><col class=\"c-value\"><col class=\"c-why\"></colgroup>\n")
          .append("<thead><tr><th>App</th><th>Severity</th><th>Setting and rule</th><th>Expected</th><th>Actual</th>")
          .append("<th>What goes wrong, and the fix</th></tr></thead>\n");
      for (AppResult app : report.apps()) {
        out.append("<tbody class=\"app\" data-app=\"").append(Xml.escape(app.name())).append("\">\n");
        if (app.findings().isEmpty()) {
          out.append("<tr><th scope=\"row\">").append(Xml.escape(app.name()))
              .append("</th><td class=\"sev sev-pass\">pass</td><td colspan=\"4\">All ")
              .append(Summary.plural(app.passedRules().size(), "rule")).append(" met.</td></tr>\n</tbody>\n");
          continue;
        }
        boolean first = true;
        for (Finding f : app.findings()) {
          out.append("<tr class=\"finding ").append(f.severity().label()).append("\">");
          if (first) {
            out.append("<th scope=\"row\" rowspan=\"").append(app.findings().size()).append("\">")
                .append(Xml.escape(app.name())).append("<br><span class=\"counts\">")
                .append(app.count(Severity.ERROR)).append(" E · ").append(app.count(Severity.WARNING))
                .append(" W</span></th>");
            first = false;
          }
          out.append("<td class=\"sev sev-").append(f.severity().label()).append("\">").append(f.severity().label())
              .append("</td><td>");
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
        out.append("</tbody>\n");
      }
      out.append("</table>\n</section>\n");
    }
    out.append("</body>\n</html>\n");
    return out.toString();
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
      col.c-app { width: 11%; } col.c-sev { width: 6.5rem; } col.c-setting { width: 22%; }
      col.c-value { width: 11%; } col.c-why { width: auto; }
      td, th { overflow-wrap: anywhere; }
      .rule { margin-top: .25rem; color: #555; font-size: .85em; }
      .fix { margin-top: .35rem; padding-top: .35rem; border-top: 1px dashed #d7d7de; }
      .metadata { color: #444; }
      th, td { border: 1px solid #d7d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
      thead th { background: #f1f1f5; }
      table.summary { width: auto; }
      tbody.app th[scope=row] { background: #fafafc; min-width: 10rem; }
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
      @media print { body { margin: 0; } a { color: inherit; text-decoration: none; } }
      """;
}

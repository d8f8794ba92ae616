package dev.ecaprovisioner.report;

import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.eca.Xml;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.ValidationReport;
import java.util.List;

/**
 * JUnit XML for CI test reports: one test suite per app, one test case per rule met and per finding. Only error
 * findings fail; warnings and info pass with their message in {@code system-out}, so CI shows them without failing.
 */
final class JunitRenderer implements ReportRenderer {
  @Override
  public String render(List<ValidationReport> reports) {
    long tests = 0;
    long failures = 0;
    StringBuilder suites = new StringBuilder();
    for (ValidationReport report : reports) {
      for (AppResult app : report.apps()) {
        long appTests = app.findings().size() + app.passedRules().size();
        long appFailures = app.count(Severity.ERROR);
        tests += appTests;
        failures += appFailures;
        String suite = report.target() + "." + app.name();
        suites.append("  <testsuite name=\"").append(Xml.escape(suite)).append("\" tests=\"").append(appTests)
            .append("\" failures=\"").append(appFailures).append("\" errors=\"0\" skipped=\"0\">\n");
        for (Finding f : app.findings()) {
          suites.append("    <testcase classname=\"").append(Xml.escape(suite)).append("\" name=\"")
              .append(Xml.escape(caseName(f))).append("\">\n");
          String detail = detail(f);
          if (f.severity() == Severity.ERROR) {
            suites.append("      <failure type=\"error\" message=\"").append(Xml.escape(f.message())).append("\">")
                .append(Xml.escape(detail)).append("</failure>\n");
          } else {
            suites.append("      <system-out>").append(Xml.escape(f.severity().label() + ": " + f.message() + "\n"
                + detail)).append("</system-out>\n");
          }
          suites.append("    </testcase>\n");
        }
        for (String rule : app.passedRules()) {
          suites.append("    <testcase classname=\"").append(Xml.escape(suite)).append("\" name=\"")
              .append(Xml.escape(rule)).append("\"/>\n");
        }
        suites.append("  </testsuite>\n");
      }
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<testsuites name=\"eca-provisioner validate\" tests=\"" + tests + "\" failures=\"" + failures
        + "\" errors=\"0\">\n" + suites + "</testsuites>\n";
  }

  private static String caseName(Finding f) {
    return f.setting() == null ? f.rule() : f.rule() + " [" + f.setting() + "]";
  }

  private static String detail(Finding f) {
    StringBuilder text = new StringBuilder();
    text.append("expected: ").append(f.expected()).append("\nactual: ").append(f.actual());
    if (f.fix() != null) {
      text.append("\nfix: Setup \"").append(f.fix().setupLabel()).append("\"; metadata ").append(f.metadataFix());
    }
    if (f.location() != null && f.location().origin() != null) {
      text.append("\nat: ").append(f.location().origin())
          .append(f.location().line() > 0 ? ":" + f.location().line() : "");
    }
    return text.toString();
  }
}

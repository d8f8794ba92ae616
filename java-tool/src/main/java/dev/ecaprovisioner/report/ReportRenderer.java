package dev.ecaprovisioner.report;

import dev.ecaprovisioner.validate.ValidationReport;
import java.util.List;

/**
 * Turns reports into one output document. It takes a list so that a command checking several targets (several orgs)
 * renders them together; {@code validate} passes one.
 */
public interface ReportRenderer {
  String render(List<ValidationReport> reports);
}

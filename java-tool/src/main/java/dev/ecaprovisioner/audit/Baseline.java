package dev.ecaprovisioner.audit;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.Severity;
import dev.ecaprovisioner.org.OrgValidation;
import dev.ecaprovisioner.report.JsonRenderer;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Finding;
import dev.ecaprovisioner.validate.TargetFacts;
import dev.ecaprovisioner.validate.ValidationReport;
import dev.ecaprovisioner.validate.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An earlier audit's JSON report, read to say what changed since: each finding of this audit is new or unchanged,
 * each of the baseline's that is gone is fixed, and apps that appeared or disappeared are named. Findings are matched
 * by org, app, rule and setting (type and field), never by message text, which may be reworded between versions.
 *
 * @param file where it was read from
 * @param generatedAt when the baseline audit ran
 * @param targets the orgs it covered
 */
public record Baseline(Path file, Instant generatedAt, List<Target> targets) {
  /** The largest baseline read: a JSON report of several thousand apps is a few MB. */
  static final long MAX_BYTES = 64L * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One org of the baseline.
   *
   * @param label how the baseline named it ({@code org:ALIAS})
   * @param orgId its org id, or null
   * @param instanceUrl its instance URL
   * @param apps its apps' findings, by app name
   */
  public record Target(String label, String orgId, String instanceUrl, Map<String, List<Finding>> apps) {
    boolean isOrg(TargetFacts facts) {
      if (orgId != null && facts.orgId() != null) {
        return orgId.equals(facts.orgId());
      }
      return instanceUrl != null && instanceUrl.equals(facts.instanceUrl());
    }

    String named() {
      return label + (orgId == null ? " (" + instanceUrl + ")" : " (" + orgId + ")");
    }
  }

  /**
   * Reads a baseline.
   *
   * @throws BadInputException naming the file (and line) when it is unreadable, not a JSON report of this tool, of a
   *     report format this version cannot compare, or of no org
   */
  public static Baseline read(Path file) {
    JsonNode root;
    if (!Files.isRegularFile(file)) {
      throw BadInputException.at(file, 0, Files.exists(file) ? "the baseline is not a regular file"
          : "no such baseline file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw BadInputException.at(file, 0, "the baseline is larger than " + (MAX_BYTES >> 20) + " MB");
      }
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw BadInputException.at(file, at == null ? 0 : Math.max(0, at.getLineNr()),
          "the baseline is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw BadInputException.at(file, 0, "cannot read the baseline: " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.path("result").isObject()) {
      throw BadInputException.at(file, 0, "not a JSON report of eca-provisioner (write one with audit --format json)");
    }
    JsonNode result = root.path("result");
    JsonNode report = result.path("report");
    if (!report.isObject() || !"eca-provisioner".equals(report.path("tool").asText())) {
      throw BadInputException.at(file, 0, "this report names no report format, so it was made by an eca-provisioner"
          + " older than this one and cannot be compared: audit again with --format json, without --baseline");
    }
    int format = report.path("format").asInt(-1);
    if (format != JsonRenderer.REPORT_FORMAT) {
      throw BadInputException.at(file, 0, "the report is of format " + report.path("format").asText("?") + " (by "
          + "eca-provisioner " + report.path("toolVersion").asText("?") + "); this version compares format "
          + JsonRenderer.REPORT_FORMAT + " only: audit again with --format json, without --baseline");
    }
    Instant generatedAt;
    try {
      generatedAt = Instant.parse(report.path("generatedAt").asText(""));
    } catch (DateTimeParseException e) {
      throw BadInputException.at(file, 0, "report.generatedAt is not a date and time: '"
          + report.path("generatedAt").asText("") + "'");
    }
    List<Target> targets = new ArrayList<>();
    List<JsonNode> nodes = new ArrayList<>();
    if (result.has("targets")) {
      result.path("targets").forEach(nodes::add);
    } else {
      nodes.add(result);
    }
    for (JsonNode node : nodes) {
      targets.add(target(file, node));
    }
    if (targets.isEmpty()) {
      throw BadInputException.at(file, 0, "the baseline names no org (result.targets is empty or not a list)");
    }
    return new Baseline(file, generatedAt, targets);
  }

  private static Target target(Path file, JsonNode node) {
    String label = node.path("target").asText("");
    JsonNode org = node.path("org");
    if (!org.isObject()) {
      throw BadInputException.at(file, 0, "target " + (label.isEmpty() ? "?" : label) + " is not an org (a "
          + "baseline is the JSON report of an earlier audit)");
    }
    String orgId = textOrNull(org.path("id"));
    String instanceUrl = textOrNull(org.path("instanceUrl"));
    if (orgId == null && instanceUrl == null) {
      throw BadInputException.at(file, 0, "target " + label + " names neither an org id nor an instance URL");
    }
    Map<String, List<Finding>> apps = new LinkedHashMap<>();
    JsonNode appNodes = node.path("apps");
    if (!appNodes.isArray()) {
      throw BadInputException.at(file, 0, "target " + label + " has no apps list");
    }
    for (JsonNode app : appNodes) {
      String name = textOrNull(app.path("name"));
      if (name == null || !app.path("findings").isArray()) {
        throw BadInputException.at(file, 0, "an app of target " + label + " has no name or no findings list");
      }
      List<Finding> findings = new ArrayList<>();
      for (JsonNode f : app.path("findings")) {
        String rule = textOrNull(f.path("rule"));
        Severity severity = Severity.byLabel(f.path("severity").asText("")).orElse(null);
        if (rule == null || severity == null) {
          throw BadInputException.at(file, 0, "a finding of app " + name + " in target " + label
              + " has no rule or no severity (error, warning or info)");
        }
        findings.add(new Finding(rule, severity, textOrNull(f.path("type")), textOrNull(f.path("field")),
            textOrNull(f.path("expected")), textOrNull(f.path("actual")),
            Objects.requireNonNullElse(textOrNull(f.path("message")), ""), null, null, null));
      }
      apps.put(name, findings);
    }
    return new Target(label, orgId, instanceUrl, apps);
  }

  private static String textOrNull(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  /**
   * Checks, as soon as an org is signed in to and before it is read, that the baseline covers it.
   *
   * @param label how the audit names the org (its alias)
   * @throws BadInputException when it does not (another org, or one the baseline did not cover)
   */
  public void covers(String label, String orgId, String instanceUrl) {
    target("org:" + label, new TargetFacts(orgId, instanceUrl, null, null));
  }

  private Target target(String name, TargetFacts facts) {
    Target before = facts == null ? null : targets.stream().filter(t -> t.isOrg(facts)).findFirst().orElse(null);
    if (before == null) {
      String org = facts == null ? name : name + " (" + Objects.requireNonNullElse(facts.orgId(),
          facts.instanceUrl()) + ")";
      throw BadInputException.at(file, 0, "the baseline is of " + String.join(", ",
          targets.stream().map(Target::named).toList()) + ", not of " + org
          + ": give a baseline of the same org, or audit without --baseline");
    }
    return before;
  }

  /**
   * The reports, each marked with what changed since this baseline.
   *
   * @throws BadInputException when an org of the audit is not in the baseline (another org, or one it did not cover)
   */
  public List<ValidationReport> compare(List<ValidationReport> reports) {
    List<ValidationReport> compared = new ArrayList<>();
    for (ValidationReport report : reports) {
      Target before = target(report.target(), report.facts());
      compared.add(report.with(report.apps(), report.facts().withChanges(changes(report, before))));
    }
    return compared;
  }

  private TargetFacts.Changes changes(ValidationReport report, Target before) {
    Map<String, List<Finding>> added = new HashMap<>();
    Map<String, List<Finding>> fixed = new HashMap<>();
    List<String> appeared = new ArrayList<>();
    Set<String> present = new TreeSet<>();
    for (AppResult app : report.apps()) {
      present.add(app.name());
      List<Finding> earlier = before.apps().get(app.name());
      if (earlier == null) {
        appeared.add(app.name());
        if (!app.findings().isEmpty()) {
          added.put(app.name(), app.findings());
        }
        continue;
      }
      Map<List<String>, Integer> left = new HashMap<>();
      earlier.forEach(f -> left.merge(key(f), 1, Integer::sum));
      List<Finding> addedHere = new ArrayList<>();
      for (Finding f : app.findings()) {
        Integer count = left.get(key(f));
        if (count == null || count == 0) {
          addedHere.add(f);
        } else {
          left.put(key(f), count - 1);
        }
      }
      if (!addedHere.isEmpty()) {
        added.put(app.name(), addedHere);
      }
      List<Finding> gone = gone(app, earlier, left);
      if (!gone.isEmpty()) {
        fixed.put(app.name(), gone);
      }
    }
    List<String> disappeared = before.apps().keySet().stream().filter(a -> !present.contains(a)).sorted().toList();
    return new TargetFacts.Changes(generatedAt, added, fixed, appeared, disappeared);
  }

  /**
   * The baseline's findings not matched now, left over in {@code left}. None is fixed when the app could not be read
   * now, nor of a type whose settings are unknown now: those were not checked, so they cannot be said to be gone.
   */
  private static List<Finding> gone(AppResult app, List<Finding> earlier, Map<List<String>, Integer> left) {
    boolean unread = app.findings().stream().anyMatch(f -> Validator.RULE_READ_FAILED.equals(f.rule()));
    if (unread) {
      return List.of();
    }
    Set<String> unknownTypes = app.findings().stream()
        .filter(f -> OrgValidation.RULE_SETTINGS_UNKNOWN.equals(f.rule()) && f.type() != null)
        .map(Finding::type).collect(Collectors.toSet());
    Map<List<String>, Integer> remaining = new HashMap<>(left);
    List<Finding> gone = new ArrayList<>();
    for (Finding f : earlier) {
      Integer count = remaining.get(key(f));
      if (count != null && count > 0) {
        remaining.put(key(f), count - 1);
        if (f.type() == null || !unknownTypes.contains(f.type())) {
          gone.add(f);
        }
      }
    }
    return gone;
  }

  /** What makes two findings the same finding: rule, type and field (the app and org are matched already). */
  private static List<String> key(Finding f) {
    return List.of(f.rule(), Objects.requireNonNullElse(f.type(), ""), Objects.requireNonNullElse(f.field(), ""));
  }
}

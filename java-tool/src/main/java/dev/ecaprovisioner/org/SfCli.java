package dev.ecaprovisioner.org;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecaprovisioner.OrgFailureException;
import java.util.List;

/** The Salesforce CLI, asked one {@code --json} command at a time. */
public interface SfCli {

  /**
   * Runs {@code sf ARGS --json} and returns its envelope.
   *
   * @throws OrgFailureException when the CLI cannot be started, does not answer in time, or prints no JSON envelope
   */
  Envelope run(List<String> args);

  /**
   * The CLI's {@code --json} answer: {@code {"status": 0, "result": {...}, "warnings": [...]}} on success,
   * {@code {"status": 1, "name": "...", "message": "...", ...}} on failure.
   *
   * @param status the envelope's status (0 success)
   * @param result the {@code result} object, or a missing node on failure
   * @param name the error name on failure (e.g. {@code NamedOrgNotFoundError}), else ""
   * @param message the error message on failure, else ""
   */
  record Envelope(int status, JsonNode result, String name, String message) {
    public boolean ok() {
      return status == 0;
    }

    public String text(String field) {
      JsonNode node = result.path(field);
      return node.isValueNode() ? node.asText() : null;
    }
  }
}

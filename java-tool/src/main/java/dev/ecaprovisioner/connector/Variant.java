package dev.ecaprovisioner.connector;

import java.util.Locale;

/** What a connector offers the agent designer. */
public enum Variant {
  /** One POST operation marked {@code x-ms-agentic-protocol: mcp-streamable-1.0}: Copilot Studio's MCP support. */
  STREAMABLE,
  /** An {@code initialize} and a {@code message} action, the session id a plain body property of both. */
  ACTIONS;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

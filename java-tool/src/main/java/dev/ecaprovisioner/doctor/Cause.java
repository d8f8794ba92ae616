package dev.ecaprovisioner.doctor;

/**
 * A reason the connection drops, as a step saw it. The verdict names the cause of the highest {@link #rank}.
 *
 * @param rank how sure and how direct the evidence is: lower wins (Salesforce's own refusal ranks first)
 * @param what the cause in an admin's words
 * @param fix what fixes it: a {@code provision} command line where a setting is the cause, else other words
 * @param noSettingFixes what no Salesforce setting can fix, where the client or server is the cause, or null
 */
public record Cause(int rank, String what, String fix, String noSettingFixes) {
  /** Salesforce refused the refresh this client sends. */
  public static final int REFRESH_REFUSED = 10;
  /** Salesforce recorded a refused attempt (older evidence than a refusal seen now). */
  public static final int REFRESH_RECORDED = 15;
  /** Rotation revoked the refresh tokens a client reused. */
  public static final int ROTATION_REUSE = 20;
  /** A Hosted MCP server refused an opaque token. */
  public static final int JWT_REQUIRED = 25;
  /** The client never came back to refresh. */
  public static final int CLIENT_NEVER_REFRESHES = 30;
  /** The MCP session did not survive the refresh. */
  public static final int SESSION_LOST = 40;
  /** A setting the profile calls an error. */
  public static final int SETTING = 50;
  /** Tools Copilot Studio drops or mangles. */
  public static final int TOOL_SCHEMAS = 60;
  /** Anything else a step failed on. */
  public static final int OTHER = 90;
}

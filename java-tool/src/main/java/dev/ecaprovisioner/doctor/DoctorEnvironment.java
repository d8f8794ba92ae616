package dev.ecaprovisioner.doctor;

/** The environment variables {@code doctor} reads secrets from; never flags, so they stay out of shell history. */
public final class DoctorEnvironment {
  /** A refresh token of a test sign-in through the app. */
  public static final String REFRESH_TOKEN = "ECA_REFRESH_TOKEN";
  /** The app's consumer key. */
  public static final String CLIENT_ID = "ECA_CLIENT_ID";
  /** The app's consumer secret, for clients that send it. */
  public static final String CONSUMER_SECRET = "ECA_CONSUMER_SECRET";
  /** The bearer token for {@code --endpoint} when no refresh gives one. */
  public static final String MCP_BEARER_TOKEN = "MCP_BEARER_TOKEN";

  private DoctorEnvironment() {}
}

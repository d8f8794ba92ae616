package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.OrgFailureException;
import dev.ecaprovisioner.doctor.Doctor;
import dev.ecaprovisioner.doctor.DoctorEnvironment;
import dev.ecaprovisioner.doctor.DoctorRenderer;
import dev.ecaprovisioner.doctor.DoctorReport;
import dev.ecaprovisioner.eca.EcaType;
import dev.ecaprovisioner.mcp.McpClient;
import dev.ecaprovisioner.org.AccessToken;
import dev.ecaprovisioner.org.HttpOAuthApi;
import dev.ecaprovisioner.org.HttpRestApi;
import dev.ecaprovisioner.org.InstanceUrl;
import dev.ecaprovisioner.org.OrgReader;
import dev.ecaprovisioner.org.OrgSession;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.OrgSnapshot;
import dev.ecaprovisioner.org.OrgValidation;
import dev.ecaprovisioner.org.ProgressBar;
import dev.ecaprovisioner.org.ReadOptions;
import dev.ecaprovisioner.org.Secret;
import dev.ecaprovisioner.org.WscMetadataApi;
import dev.ecaprovisioner.profile.Profile;
import dev.ecaprovisioner.profile.ProfileLoader;
import dev.ecaprovisioner.profile.RefreshStyle;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.Validator;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code doctor}: why an MCP client loses Salesforce, from the app's settings, what the org recorded, what the token
 * says, a refresh sent the way the client sends it, and whether an MCP session survives the refresh.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    versionProvider = EcaProvisionerCommand.Version.class,
    description = {"Shows, with evidence from the org, the token and an MCP server, why an MCP client loses its "
        + "Salesforce connection, and names the most likely cause with its fix.",
        "Secrets come from the environment, never from flags: " + DoctorEnvironment.REFRESH_TOKEN + ", "
            + DoctorEnvironment.CLIENT_ID + ", " + DoctorEnvironment.CONSUMER_SECRET + " (for the refresh), "
            + DoctorEnvironment.MCP_BEARER_TOKEN + " (for --endpoint alone)."},
    footer = {"", "Exit codes:", "  0  every step that ran passed", "  1  a step failed",
        "  2  bad usage or bad input", "  3  the org could not be reached"})
public final class DoctorCommand implements Callable<Integer> {
  /** The clients doctor knows how to imitate; each is a profile of the same name. */
  static final List<String> CLIENTS = List.of("copilot-studio", "claude", "chatgpt", "cursor", "gemini");

  @Spec
  CommandSpec spec;

  @ParentCommand
  EcaProvisionerCommand parent;

  @Option(names = "--app", paramLabel = "NAME", description = "The External Client App's API name (with an org).")
  String app;

  @Option(names = "--client", paramLabel = "CLIENT", defaultValue = ProfileLoader.DEFAULT_PROFILE,
      description = "The MCP client: copilot-studio, claude, chatgpt, cursor or gemini. Default: ${DEFAULT-VALUE}.")
  String client;

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "An MCP server to check (this project's Apex endpoint, a Salesforce Hosted MCP server, any).")
  String endpoint;

  @Option(names = "--mcp-version", paramLabel = "VERSION", defaultValue = McpClient.DEFAULT_VERSION,
      description = "The MCP protocol version to ask for: 2025-03-26, 2025-06-18, 2025-11-25 or 2026-07-28. "
          + "Default: ${DEFAULT-VALUE}.")
  String mcpVersion;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, json or markdown. Default: ${DEFAULT-VALUE}.")
  String format;

  @Mixin
  OrgOptions org;

  @Override
  public Integer call() {
    DoctorRenderer renderer = renderer();
    Map<String, String> environment = parent.environment();
    if (!CLIENTS.contains(client)) {
      throw new BadInputException("--client " + client + ": not a known client (" + String.join(", ", CLIENTS) + ")");
    }
    if (!McpClient.VERSIONS.contains(mcpVersion)) {
      throw new BadInputException("--mcp-version " + mcpVersion + ": use one of " + String.join(", ",
          McpClient.VERSIONS));
    }
    URI url = endpoint == null ? null : endpointUrl(endpoint);
    if (!org.given() && url == null) {
      throw new BadInputException("give --target-org ALIAS --app NAME, or --endpoint URL, or both");
    }
    if (org.given() && (app == null || app.isBlank())) {
      throw new BadInputException("--target-org needs --app NAME: doctor looks at one app");
    }
    if (org.targetOrgs.size() > 1) {
      throw new BadInputException("doctor looks at one org; give --target-org once");
    }
    ReadOptions options = org.readOptions();
    List<Profile> profiles = new ProfileLoader(parent.workingDirectory()).load(List.of(client));
    RefreshStyle style = profiles.stream().filter(p -> p.name().equals(client)).findFirst()
        .map(Profile::refresh).orElse(null);
    Doctor.Credentials credentials = new Doctor.Credentials(text(environment, DoctorEnvironment.CLIENT_ID),
        secret(environment, DoctorEnvironment.REFRESH_TOKEN), secret(environment, DoctorEnvironment.CONSUMER_SECRET));
    String bearer = text(environment, DoctorEnvironment.MCP_BEARER_TOKEN);
    Doctor.OrgPart orgPart = org.given() ? readOrg(options, profiles) : null;
    Doctor doctor = new Doctor(new HttpRestApi(options),
        new HttpOAuthApi(options.connectTimeout(), options.readTimeout()),
        uri -> new McpClient(uri, options.connectTimeout(), options.readTimeout()), Clock.systemUTC());
    DoctorReport report = doctor.run(new Doctor.Request(orgPart, client, style, credentials, url,
        bearer == null ? null : AccessToken.of(bearer), mcpVersion));
    spec.commandLine().getOut().print(renderer.render(report));
    spec.commandLine().getOut().flush();
    return report.exitCode();
  }

  private Doctor.OrgPart readOrg(ReadOptions options, List<Profile> profiles) {
    long start = System.nanoTime();
    OrgSignIn signIn = org.signIns(parent.environment()).get(0);
    OrgSession session = signIn.open();
    WscMetadataApi.keepConnectionsFor(options.concurrency());
    OrgReader reader = new OrgReader(new WscMetadataApi(options.connectTimeout(), options.readTimeout()), options,
        ProgressBar.on(spec.commandLine().getErr(), signIn.label(), System.console() != null,
            !format.equalsIgnoreCase("text")));
    OrgSnapshot snapshot = reader.read(signIn, session, Set.of(app));
    if (snapshot.unreadApps().containsKey(OrgReader.EVERY_APP) || snapshot.apps().isEmpty()) {
      throw new OrgFailureException("the org " + signIn.label() + " could not be read: "
          + snapshot.unreadApps().getOrDefault(OrgReader.EVERY_APP, snapshot.unreadApps().getOrDefault(app,
              "no answer")) + "; check the login with `sf org display -o " + signIn.label() + "` and run doctor again");
    }
    AppResult settings = OrgValidation.validate(snapshot, new Validator(profiles), profiles).apps().get(0);
    String label = snapshot.apps().get(0).component(EcaType.EXTERNAL_CLIENT_APPLICATION)
        .flatMap(c -> c.value("label")).orElse(app);
    return new Doctor.OrgPart(signIn.label(), signIn, session, app, label, settings,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private DoctorRenderer renderer() {
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "text" -> DoctorRenderer.TEXT;
      case "json" -> DoctorRenderer.JSON;
      case "markdown" -> DoctorRenderer.MARKDOWN;
      default -> throw new BadInputException("--format " + format + ": doctor writes text, json or markdown");
    };
  }

  /** An https URL, or http on a loopback address (for local servers). */
  static URI endpointUrl(String text) {
    URI url;
    try {
      url = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new BadInputException("--endpoint is not a URL: " + text);
    }
    if (url.getRawUserInfo() != null) {
      throw new BadInputException("--endpoint must not carry a user or password: give the token in "
          + DoctorEnvironment.MCP_BEARER_TOKEN);
    }
    String problem = InstanceUrl.endpointProblem(url);
    if (problem != null) {
      throw new BadInputException("--endpoint " + problem + ": " + text);
    }
    return url;
  }

  private static String text(Map<String, String> environment, String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static Secret secret(Map<String, String> environment, String name) {
    String value = text(environment, name);
    return value == null ? null : Secret.of(value);
  }
}

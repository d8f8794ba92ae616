package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.ExitCode;
import dev.ecaprovisioner.connector.AgreementChecks;
import dev.ecaprovisioner.connector.ConnectorGenerator;
import dev.ecaprovisioner.connector.ConnectorOutput;
import dev.ecaprovisioner.connector.ConnectorSpec;
import dev.ecaprovisioner.connector.GeneratedConnector;
import dev.ecaprovisioner.connector.IdentityProvider;
import dev.ecaprovisioner.connector.McpServer;
import dev.ecaprovisioner.connector.OrgConnectorReader;
import dev.ecaprovisioner.connector.Variant;
import dev.ecaprovisioner.org.HttpRestApi;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.ReadOptions;
import dev.ecaprovisioner.org.WscMetadataApi;
import dev.ecaprovisioner.report.RenderOptions;
import dev.ecaprovisioner.report.ReportFormat;
import dev.ecaprovisioner.validate.AppResult;
import dev.ecaprovisioner.validate.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code connector}: a Power Platform custom connector for an MCP server, matching the app it signs in through. */
@Command(
    name = "connector",
    mixinStandardHelpOptions = true,
    versionProvider = EcaProvisionerCommand.Version.class,
    description = {"Writes a Power Platform custom connector (apiDefinition.swagger.json, apiProperties.json, "
        + "README.md) for an MCP server, with the OAuth settings of the org and its External Client App.",
        "Where the app and the connector disagree it prints findings and writes nothing, unless --force."},
    footer = {"", "Exit codes: 0 written, 1 the app and the connector disagree (written only with --force), "
        + "2 bad usage or bad input (nothing written), 3 the org or the app could not be read."})
public final class ConnectorCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  EcaProvisionerCommand parent;

  @Mixin
  OrgOptions org;

  @Option(names = "--app", paramLabel = "NAME", required = true,
      description = "The External Client App the connector signs in through.")
  String app;

  @Option(names = "--server", paramLabel = "apex|hosted:SERVER|custom:NAME|URL", required = true,
      description = "This project's Apex endpoint, a Salesforce Hosted MCP server (hosted:sobject-all, ...), a custom "
          + "hosted server (custom:NAME) or any MCP server's https:// URL.")
  String server;

  @Option(names = "--sandbox", description = "The org is a sandbox (when the org cannot say so itself).")
  boolean sandbox;

  @Option(names = "--my-domain", paramLabel = "NAME",
      description = "The org's My Domain name (NAME--SANDBOX for a sandbox); Hosted MCP servers are then reached "
          + "through the My Domain URL forms.")
  String myDomain;

  @Option(names = "--variant", paramLabel = "streamable|actions", defaultValue = "streamable",
      description = "streamable: one MCP operation for Copilot Studio; actions: initialize and message actions with "
          + "the session id in the body. Default: ${DEFAULT-VALUE}.")
  Variant variant;

  @Option(names = "--identity-provider", paramLabel = "NAME", defaultValue = "oauth2pkce",
      description = "oauth2pkce, oauth2 or SalesforceV2. Default: ${DEFAULT-VALUE} (sends PKCE, and the secret on "
          + "refresh).")
  String identityProvider;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write. Default: connector/APP.")
  Path out;

  @Option(names = "--force", description = "Write even where the app and the connector disagree, or into a folder "
      + "that is not empty.")
  boolean force;

  @Override
  public Integer call() {
    if (org.targetOrgs.size() > 1) {
      throw new BadInputException("connector reads one org: give --target-org once");
    }
    if (!org.given()) {
      throw new BadInputException("connector needs --target-org ALIAS (or --instance-url URL)");
    }
    McpServer mcpServer = McpServer.parse(server);
    IdentityProvider provider = IdentityProvider.byWireName(identityProvider);
    ReadOptions options = org.readOptions();
    Path shown = out == null ? Path.of("connector", app) : out;
    Path directory = parent.workingDirectory().resolve(shown);
    ConnectorOutput.checkWritable(directory, shown.toString(), force);

    OrgSignIn signIn = org.signIns(parent.environment()).get(0);
    WscMetadataApi.keepConnectionsFor(options.concurrency());
    OrgConnectorReader.Read read = new OrgConnectorReader(
        new WscMetadataApi(options.connectTimeout(), options.readTimeout()), new HttpRestApi(options), options)
        .read(signIn, app, myDomain, sandbox);
    ConnectorSpec connectorSpec = new ConnectorSpec(mcpServer, read.org(), read.app(), variant, provider,
        signIn.label());
    GeneratedConnector connector = ConnectorGenerator.generate(connectorSpec);

    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    boolean disagrees = ConnectorGenerator.disagrees(connector);
    if (!connector.findings().isEmpty()) {
      ValidationReport report = new ValidationReport("org:" + signIn.label(), List.of(AgreementChecks.PROFILE),
          List.of(new AppResult(app, connector.findings(), List.of())));
      stdout.print(ReportFormat.TEXT.renderer(new RenderOptions(false, EcaProvisionerCommand.Version.version()))
          .render(List.of(report)));
    }
    if (disagrees && !force) {
      stdout.flush();
      stderr.println("error: the app " + app + " and the connector disagree (see above); nothing was written. Fix "
          + "the app or choose another --identity-provider, or add --force to write it anyway.");
      stderr.flush();
      return ExitCode.FINDINGS;
    }
    for (Path written : ConnectorOutput.write(directory, connector.files(), shown.toString())) {
      stdout.println("wrote " + shown.resolve(written.getFileName()));
    }
    stdout.println("MCP server: " + connectorSpec.serverUrl());
    stdout.println("Next: follow " + shown.resolve(GeneratedConnector.README) + "; it ends with the provision "
        + "--callback-url command.");
    stdout.flush();
    return disagrees ? ExitCode.FINDINGS : ExitCode.OK;
  }
}

package dev.ecaprovisioner.cli;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.org.HttpRestApi;
import dev.ecaprovisioner.org.OrgSession;
import dev.ecaprovisioner.org.OrgSignIn;
import dev.ecaprovisioner.org.ReadOptions;
import dev.ecaprovisioner.org.WscMetadataApi;
import dev.ecaprovisioner.provision.Deployer;
import dev.ecaprovisioner.provision.OrgProvisioning;
import dev.ecaprovisioner.provision.PlanFormat;
import dev.ecaprovisioner.provision.ProvisionPlan;
import dev.ecaprovisioner.provision.Provisioner;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every command that changes an org shares: how to print the plan, whether to deploy it, how long to wait.
 */
final class PlanOptions {
  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
      description = "text, json or markdown. Default: ${DEFAULT-VALUE}.")
  PlanFormat format;

  @Option(names = "--apply", description = "Deploy the plan (after a confirmation on a terminal), writing a backup "
      + "first. Without it only the plan is printed and nothing changes.")
  boolean apply;

  @Option(names = "--yes", description = "With --apply: do not ask for confirmation (needed when not on a terminal).")
  boolean yes;

  @Option(names = "--wait", paramLabel = "MINUTES", defaultValue = "10",
      description = "How long to wait for a deploy to finish. Default: ${DEFAULT-VALUE}.")
  int waitMinutes;

  /** Refuses {@code --apply} without a terminal to confirm on and without {@code --yes}, before anything is read. */
  void checkConfirmable() {
    if (yes && !apply) {
      throw new BadInputException("--yes only goes with --apply");
    }
    if (apply && !yes && System.console() == null) {
      throw new BadInputException("--apply needs a confirmation and there is no terminal to ask on: add --yes "
          + "(run without --apply first to see the plan)");
    }
    if (waitMinutes < 1 || waitMinutes > 120) {
      throw new BadInputException("--wait must be 1 to 120 minutes, not " + waitMinutes);
    }
  }

  /**
   * Shows the plan in the chosen format as soon as it is known, and asks on the terminal before a deploy, unless
   * {@code --yes}; a no is not an error: nothing is done and the exit code is 0.
   */
  Provisioner.Dialogue dialogue(String question, PrintWriter out) {
    return new Provisioner.Dialogue() {
      @Override
      public void show(ProvisionPlan plan) {
        out.print(format.plan(plan));
        out.flush();
      }

      @Override
      public boolean confirm(ProvisionPlan plan) {
        return confirmed(question, out);
      }
    };
  }

  private boolean confirmed(String question, PrintWriter out) {
    if (yes) {
      return true;
    }
    Console console = System.console();
    out.flush();
    String answer = console == null ? null : console.readLine("%s [y/N] ", question);
    return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
  }

  OrgProvisioning orgProvisioning(OrgSignIn signIn, OrgSession session, ReadOptions read) {
    WscMetadataApi.keepConnectionsFor(read.concurrency());
    Deployer.Polling polling = new Deployer.Polling(read.backoff(), Duration.ofSeconds(10),
        Duration.ofMinutes(waitMinutes), read.maxRetries());
    return new OrgProvisioning(new WscMetadataApi(read.connectTimeout(), read.readTimeout()), new HttpRestApi(read),
        signIn, session, read, polling);
  }

  /** The one org a command changes. */
  static OrgSignIn oneOrg(OrgOptions org, Map<String, String> environment, String command) {
    if (!org.given()) {
      throw new BadInputException(command + " needs --target-org ALIAS (or --instance-url URL)");
    }
    List<OrgSignIn> signIns = org.signIns(environment);
    if (signIns.size() != 1) {
      throw new BadInputException(command + " changes one org at a time, not " + signIns.size());
    }
    return signIns.get(0);
  }

  /** Reads a format name in any case, and names the formats when it is none of them. */
  static final class FormatConverter implements CommandLine.ITypeConverter<PlanFormat> {
    @Override
    public PlanFormat convert(String value) {
      return PlanFormat.byLabel(value).orElseThrow(() -> new CommandLine.TypeConversionException(
          "'" + value + "' is not a plan format: use text, json or markdown"));
    }
  }
}

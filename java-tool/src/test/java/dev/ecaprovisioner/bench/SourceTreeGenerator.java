package dev.ecaprovisioner.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an sfdx project with many External Client Apps (all five components each), for the benchmark and for tests
 * of large trees. Every seventh app repeats the seed scenario's mistake (secret required for refresh by default), so
 * the tree has errors to report, as a real org's would.
 *
 * <p>Usage: {@code java -cp ... dev.ecaprovisioner.bench.SourceTreeGenerator DIR COUNT}
 */
public final class SourceTreeGenerator {
  private SourceTreeGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: SourceTreeGenerator DIR COUNT");
      System.exit(2);
    }
    generate(Path.of(args[0]), Integer.parseInt(args[1]));
  }

  public static void generate(Path project, int apps) throws IOException {
    Path root = project.resolve("force-app/main/default");
    write(project.resolve("sfdx-project.json"),
        "{\"packageDirectories\": [{\"path\": \"force-app\", \"default\": true}], \"sourceApiVersion\": \"65.0\"}\n");
    for (int i = 0; i < apps; i++) {
      String app = String.format("Generated_App_%04d", i);
      boolean broken = i % 7 == 0;
      write(root.resolve("externalClientApps/" + app + ".eca-meta.xml"), document("ExternalClientApplication",
          "<contactEmail>admin@example.com</contactEmail>\n"
              + "    <distributionState>Local</distributionState>\n"
              + "    <isProtected>false</isProtected>\n"
              + "    <label>" + app + "</label>\n"));
      write(root.resolve("extlClntAppOauthSettings/" + app + "_oauth.ecaOauth-meta.xml"), document(
          "ExtlClntAppOauthSettings",
          "<commaSeparatedOauthScopes>Api, RefreshToken, MCP</commaSeparatedOauthScopes>\n"
              + link(app) + "    <label>" + app + "</label>\n"));
      write(root.resolve("extlClntAppGlobalOauthSets/" + app + "_glbloauth.ecaGlblOauth-meta.xml"), document(
          "ExtlClntAppGlobalOauthSettings",
          "<callbackUrl>https://global.consent.azure-apim.net/redirect/connector-" + i + "</callbackUrl>\n"
              + link(app)
              + "    <isNamedUserJwtEnabled>true</isNamedUserJwtEnabled>\n"
              + "    <isPkceRequired>false</isPkceRequired>\n"
              + (broken ? "" : "    <isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>\n")
              + "    <label>" + app + "</label>\n"));
      write(root.resolve("extlClntAppOauthPolicies/" + app + "_oauthPlcy.ecaOauthPlcy-meta.xml"), document(
          "ExtlClntAppOauthConfigurablePolicies",
          link(app)
              + "    <ipRelaxationPolicyType>Bypass</ipRelaxationPolicyType>\n"
              + "    <label>" + app + "</label>\n"
              + "    <namedUserJwtSessionTimeoutType>Custom</namedUserJwtSessionTimeoutType>\n"
              + "    <namedUserJwtTimeout>120</namedUserJwtTimeout>\n"
              + "    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>\n"
              + "    <commaSeparatedPermissionSet>MCP_Users</commaSeparatedPermissionSet>\n"
              + "    <refreshTokenPolicyType>Infinite</refreshTokenPolicyType>\n"));
      write(root.resolve("extlClntAppPolicies/" + app + "_plcy.ecaPlcy-meta.xml"), document(
          "ExtlClntAppConfigurablePolicies",
          link(app)
              + "    <isEnabled>true</isEnabled>\n"
              + "    <isOauthPluginEnabled>true</isOauthPluginEnabled>\n"
              + "    <label>" + app + "</label>\n"));
    }
  }

  private static String link(String app) {
    return "    <externalClientApplication>" + app + "</externalClientApplication>\n";
  }

  private static String document(String root, String body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root
        + " xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n    " + body.stripLeading() + "</" + root + ">\n";
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}

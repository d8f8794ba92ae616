package dev.ecaprovisioner.connector;

import dev.ecaprovisioner.BadInputException;
import java.net.URI;
import java.util.Locale;

/**
 * What a connector needs to know about the org: where it is and what kind it is.
 *
 * @param instanceUrl the org's My Domain URL, without a trailing slash
 * @param myDomain the My Domain name ({@code acme}, or {@code acme--uat} for a sandbox)
 * @param myDomainGiven whether the admin named it with {@code --my-domain}: then Hosted MCP servers are reached
 *     through the My Domain URL forms, for orgs that block logins through login.salesforce.com
 * @param sandbox a sandbox or scratch org
 * @param developerEdition a Developer Edition org
 */
public record OrgFacts(URI instanceUrl, String myDomain, boolean myDomainGiven, boolean sandbox,
    boolean developerEdition) {

  /**
   * The facts from the instance URL and the org's own answer, overridden by what the admin said.
   *
   * @param orgSaysSandbox {@code Organization.IsSandbox}, or null when it could not be read
   * @param organizationType {@code Organization.OrganizationType}, or null
   * @param myDomainOption {@code --my-domain}, or null
   * @param sandboxOption {@code --sandbox}
   */
  public static OrgFacts of(URI instanceUrl, Boolean orgSaysSandbox, String organizationType, String myDomainOption,
      boolean sandboxOption) {
    String host = instanceUrl.getHost().toLowerCase(Locale.ROOT);
    String myDomain = myDomainOption == null ? host.split("\\.", 2)[0] : myDomainOption.strip();
    if (!myDomain.matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,78}[A-Za-z0-9])?")) {
      throw new BadInputException("--my-domain " + myDomain + ": a My Domain name is letters, digits and '-' (for a "
          + "sandbox NAME--SANDBOX), as in https://NAME.my.salesforce.com");
    }
    boolean sandbox = sandboxOption || Boolean.TRUE.equals(orgSaysSandbox) || host.contains(".sandbox.")
        || host.contains(".scratch.") || myDomain.contains("--");
    boolean developer = !sandbox && ("Developer Edition".equalsIgnoreCase(organizationType)
        || host.contains(".develop."));
    return new OrgFacts(URI.create(instanceUrl.toString().replaceAll("/+$", "")), myDomain.toLowerCase(Locale.ROOT),
        myDomainOption != null, sandbox, developer);
  }

  /** The My Domain's own URL, {@code https://acme.my.salesforce.com} (with its sandbox or develop part). */
  public String myDomainUrl() {
    if (!myDomainGiven) {
      return instanceUrl.toString();
    }
    String part = sandbox ? ".sandbox" : developerEdition ? ".develop" : "";
    return "https://" + myDomain + part + ".my.salesforce.com";
  }
}

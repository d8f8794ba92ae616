package dev.ecaprovisioner.org;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules an org's base URL must meet before a token is sent to it, wherever the URL comes from
 * ({@code --instance-url}, or the Salesforce CLI's {@code org display}): https, or plain http only to a loopback
 * address; a host; a port from 1 to 65535 if any; no user, path, query or fragment.
 */
public final class InstanceUrl {
  private InstanceUrl() {}

  /** The URL as {@code scheme://authority}, or what is wrong with it in words that fit after "the instance URL". */
  static Result check(String text) {
    URI url;
    try {
      url = new URI(text == null ? "" : text.strip());
    } catch (URISyntaxException e) {
      return Result.problem("is not a URL");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http"))) {
      return Result.problem("must be an https:// URL such as https://example.my.salesforce.com");
    }
    if (url.getHost() == null) {
      return Result.problem(url.getRawAuthority() != null && url.getRawAuthority().contains("@")
          ? "must be the org's base URL, without path, query or user"
          : url.getPort() == -1 && url.getRawAuthority() != null && url.getRawAuthority().matches(".*:\\d+")
              ? "has a port outside 1 to 65535" : "must be an https:// URL such as https://example.my.salesforce.com");
    }
    if (url.getPort() != -1 && (url.getPort() < 1 || url.getPort() > 65535)) {
      return Result.problem("has the port " + url.getPort() + "; a port is 1 to 65535");
    }
    if (scheme.equals("http") && !isLoopback(url.getHost())) {
      return Result.problem("must use https:// (plain http:// is allowed only for loopback addresses)");
    }
    if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")
        || url.getRawQuery() != null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
      return Result.problem("must be the org's base URL, without path, query or user");
    }
    return new Result(URI.create(scheme + "://" + url.getRawAuthority()), null);
  }

  /**
   * What is wrong with the URL of an MCP server a token will be sent to, in words that fit after the URL, or null when
   * nothing is: it is https:// (http:// only for a loopback address), has a host, and carries no user or password.
   */
  public static String endpointProblem(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (url.getRawUserInfo() != null) {
      return "must not carry a user or password";
    }
    if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      return "must be an https:// URL";
    }
    if (url.getPort() != -1 && (url.getPort() < 1 || url.getPort() > 65535)) {
      return "has the port " + url.getPort() + "; a port is 1 to 65535";
    }
    if (scheme.equals("http") && !isLoopback(url.getHost())) {
      return "must use https:// (plain http:// only for a loopback address)";
    }
    return null;
  }

  /** Loopback by literal only: a host name is never resolved, so DNS cannot turn it into loopback. */
  public static boolean isLoopback(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** A checked URL, or the problem that kept it from being one. */
  record Result(URI url, String problem) {
    static Result problem(String problem) {
      return new Result(null, problem);
    }

    Optional<URI> ok() {
      return Optional.ofNullable(url);
    }
  }
}

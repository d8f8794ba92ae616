#!/usr/bin/env bash
# How long `validate` takes, JVM start included, as a user runs it (`java -jar ... validate`):
# on a generated source tree of 1,000 External Client Apps (5,000 files) and on the shipped template.
# Prints the median, minimum and maximum of several runs, with the machine's load beside them,
# since a shared machine makes single runs noisy.
#
#   scripts/bench-validate.sh            # 7 runs each, 1,000 apps
#   RUNS=11 APPS=2000 scripts/bench-validate.sh
#
# The last line repeats the large tree with -XX:TieredStopAtLevel=1 (C1 compiler only) for comparison:
# it shows what the JIT costs on a small machine. The product itself runs with default JVM options.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-7}"
APPS="${APPS:-1000}"
JAR=java-tool/target/eca-provisioner.jar

# Build the jar and the test classes (the generator lives there); offline first, the cache usually has it all.
mvn -B -q -o package -DskipTests >/dev/null 2>&1 || mvn -B -q package -DskipTests >/dev/null

tree="$(mktemp -d)"
trap 'rm -rf "$tree"' EXIT
java -cp java-tool/target/test-classes dev.ecaprovisioner.bench.SourceTreeGenerator "$tree" "$APPS"

# time_validate LABEL DIR [JVM options...]: runs validate RUNS times in DIR, prints median/min/max in ms.
time_validate() {
  local label="$1" dir="$2"
  shift 2
  local times=() start end code
  for _ in $(seq "$RUNS"); do
    start=$(date +%s%N)
    set +e
    (cd "$dir" && java "$@" -jar "$OLDPWD/$JAR" validate >/dev/null)
    code=$?
    set -e
    end=$(date +%s%N)
    if [ "$code" -gt 1 ]; then
      echo "validate failed with exit code $code in $dir" >&2
      exit 1
    fi
    times+=($(( (end - start) / 1000000 )))
  done
  local sorted
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  local median min max
  median=$(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p")
  min=$(echo "$sorted" | head -1)
  max=$(echo "$sorted" | tail -1)
  printf '%-46s median %5d ms   min %5d ms   max %5d ms   (%d runs)\n' "$label" "$median" "$min" "$max" "$RUNS"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
time_validate "shipped template (1 app, 5 files)" "."
time_validate "generated tree ($APPS apps, $((APPS * 5)) files)" "$tree"
time_validate "generated tree, -XX:TieredStopAtLevel=1" "$tree" -XX:TieredStopAtLevel=1
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

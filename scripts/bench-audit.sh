#!/usr/bin/env bash
# Benchmark of `audit`: one org holding 1,000 External Client Apps on the in-process fake Metadata API with 100 ms of
# latency per call. Prints Metadata API calls made against the fewest the API allows, wall time (JVM start included),
# the speed-up over reading app by app one call at a time, the audit JVM's peak heap, and the time from the read to
# the written report of 1,000 apps in every format (OauthToken usage included).
# Usage: scripts/bench-audit.sh [--apps N] [--latency-ms MS] [--sequential-sample N]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MAVEN_OFFLINE:+-o} -pl java-tool -am package -DskipTests
java -cp java-tool/target/test-classes:java-tool/target/eca-provisioner.jar \
  dev.ecaprovisioner.org.AuditBenchmark --jar java-tool/target/eca-provisioner.jar "$@"

#!/usr/bin/env bash
# Proves that a clone with nothing beside it passes the offline part of the gates: clones the committed HEAD of this
# checkout into a new temporary folder (no `shared` folder in any parent), installs the tools there with
# scripts/install-tools.sh, and runs `mvn -B verify -DskipITs` (every unit test, apex-ls, PMD, sf project convert
# source). The integration tests, which need the MCP peers and compilers, are left to the main run.
# Uncommitted changes are not part of the clone: commit first. Exit 0 on success, 1 when the clone's build fails,
# 2 when the temporary folder has a `shared` folder above it (the check would prove nothing there).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf 'check-fresh-clone: %s\n' "$*"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/eca-provisioner-clone.XXXXXX")"
trap 'rm -rf "$work"' EXIT
for dir in "$work" $(d="$work"; while [ "$d" != / ]; do d="$(dirname "$d")"; printf '%s\n' "$d"; done); do
  if [ -e "$dir/shared" ]; then
    say "$dir/shared exists above the clone folder $work: set TMPDIR to a folder with no shared folder above it" >&2
    exit 2
  fi
done

clone="$work/eca-provisioner"
git clone --quiet --no-local "$repo_root" "$clone"
say "cloned $(git -C "$clone" rev-parse --short HEAD) into $clone"
cd "$clone"
start=$SECONDS
if scripts/install-tools.sh && mvn -B -o verify -DskipITs; then
  say "the fresh clone passed in $((SECONDS - start)) s"
else
  say "the fresh clone failed (see above): a test or gate depends on something outside the repository" >&2
  exit 1
fi

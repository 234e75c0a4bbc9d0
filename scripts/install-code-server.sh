#!/usr/bin/env bash
# Installs a real VS Code (code-server: the VS Code server, Node extension host and web
# workbench, from the npm registry) for the end-to-end tests in test/vscode/, into .deps/ (gitignored). Idempotent:
# a second run is a no-op. Needs Debian's chromium, ripgrep, libkrb5-dev, g++, make, python3
# (installed here when missing and when running as root, as CI does).
#
# Why 4.100.3: it is VS Code 1.100 (our engines.vscode floor) and runs on Node 20, the machine's,
# so no second Node is needed. Its install would download ripgrep from GitHub, which this network
# cannot reach, so the download cache is seeded with Debian's rg first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${GL_CODE_SERVER_VERSION:-4.100.3}"
DEST="$ROOT/.deps/code-server-$VERSION"
ENTRY="$DEST/node_modules/code-server/out/node/entry.js"
log() { echo "[install-code-server] $*"; }

if [ -f "$DEST/ready" ] && [ -f "$ENTRY" ]; then
  log "code-server $VERSION already installed in $DEST"
  exit 0
fi

APT="chromium ripgrep libkrb5-dev g++ make python3"
missing=""
for p in $APT; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    log "apt-get install$missing"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
  else
    echo "missing Debian packages:$missing (run: sudo apt-get install -y$missing)" >&2
    exit 1
  fi
fi

NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" = 20 ] || { echo "code-server $VERSION needs Node 20; this is Node $NODE_MAJOR" >&2; exit 1; }
# node-gyp compiles native modules against these headers instead of fetching them.
NODE_DIR="$(dirname "$(dirname "$(command -v node)")")"
[ -f "$NODE_DIR/include/node/node_api.h" ] || { echo "no Node headers in $NODE_DIR/include/node (Debian: apt-get install libnode-dev)" >&2; exit 1; }

mkdir -p "$DEST/cache"
TGZ="$DEST/cache/code-server-$VERSION.tgz"
[ -f "$TGZ" ] || (cd "$DEST/cache" && npm pack --loglevel=error "code-server@$VERSION" >/dev/null)

# Seed @vscode/ripgrep's download cache ($TMPDIR/vscode-ripgrep-cache-<ver>) with Debian's rg.
RG_VER="$(tar xzf "$TGZ" -O package/lib/vscode/npm-shrinkwrap.json | node -e '
  const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
  process.stdout.write(d.packages?.["node_modules/@vscode/ripgrep"]?.version ?? "");')"
if [ -n "$RG_VER" ]; then
  RG_TGZ="$(cd "$DEST/cache" && npm pack --loglevel=error "@vscode/ripgrep@$RG_VER" | tail -1)"
  RG_TAG="$(tar xzf "$DEST/cache/$RG_TGZ" -O package/lib/postinstall.js | sed -n "s/^const VERSION = '\(.*\)';/\1/p")"
  RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RG_VER"
  mkdir -p "$RG_CACHE" "$DEST/cache/rg"
  cp /usr/bin/rg "$DEST/cache/rg/rg"
  tar czf "$RG_CACHE/ripgrep-$RG_TAG-$(uname -m)-unknown-linux-musl.tar.gz" -C "$DEST/cache/rg" rg
  log "seeded the ripgrep cache ($RG_TAG) with Debian's rg"
fi

# unsafe_perm: its postinstall refuses root without it; yes: node-pty runs `npx node-gyp`;
# scripts allowed: code-server is nothing without its native modules.
log "npm install code-server@$VERSION (builds native modules, 1-2 min; log: $DEST/install.log)"
echo '{"name":"gl-code-server","private":true}' > "$DEST/package.json"
if ! (cd "$DEST" && npm_config_nodedir="$NODE_DIR" npm_config_unsafe_perm=true npm_config_yes=true \
      npm_config_dangerously_allow_all_scripts=true \
      npm install --no-audit --no-fund --foreground-scripts "$TGZ" >"$DEST/install.log" 2>&1); then
  tail -30 "$DEST/install.log" >&2
  echo "code-server install failed; log: $DEST/install.log" >&2
  exit 1
fi
touch "$DEST/ready"
log "installed: $(node "$ENTRY" --version 2>/dev/null | tail -1)"

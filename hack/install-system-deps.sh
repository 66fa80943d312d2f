#!/usr/bin/env bash
# Installs what the tests need from Debian and npm, idempotently: etcd, kubectl, Go (to build kube-apiserver),
# promtool, and Azurite. Python packages are installed into the virtual environment by the Makefile.
set -euo pipefail

CACHE_DIR="${PHOENIX_SCANNER_CACHE:-$HOME/.cache/phoenix-scanner}"
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"

pkgs=()
command -v etcd >/dev/null || pkgs+=(etcd-server)
command -v kubectl >/dev/null || pkgs+=(kubernetes-client)
command -v go >/dev/null || pkgs+=(golang-go)
[[ -d /usr/share/gocode/src/github.com/modern-go/reflect2 ]] || pkgs+=(golang-github-modern-go-reflect2-dev)
command -v rsync >/dev/null || pkgs+=(rsync)
command -v dpkg-source >/dev/null || pkgs+=(dpkg-dev)
command -v promtool >/dev/null || pkgs+=(prometheus)
command -v npm >/dev/null || pkgs+=(npm)
if ((${#pkgs[@]})); then
  echo "installing Debian packages: ${pkgs[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# Azurite (Azure Blob emulator) from the npm registry, kept outside the repository.
if [[ ! -x "$CACHE_DIR/npm/node_modules/.bin/azurite-blob" ]]; then
  mkdir -p "$CACHE_DIR/npm"
  npm install --silent --no-audit --no-fund --prefix "$CACHE_DIR/npm" azurite@3 >/dev/null
fi

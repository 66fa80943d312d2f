#!/usr/bin/env bash
# Installs what the tests need from Debian and npm, idempotently: etcd, kubectl, Go (to build kube-apiserver),
# promtool, Chromium with its driver, curl, and Azurite. Python packages are installed into the virtual environment by the Makefile.
set -euo pipefail

CACHE_DIR="${PHOENIX_SCANNER_CACHE:-$HOME/.cache/phoenix-scanner}"
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"

pkgs=()
command -v etcd >/dev/null || pkgs+=(etcd-server)
command -v go >/dev/null || pkgs+=(golang-go)
[[ -d /usr/share/gocode/src/github.com/modern-go/reflect2 ]] || pkgs+=(golang-github-modern-go-reflect2-dev)
command -v rsync >/dev/null || pkgs+=(rsync)
command -v dpkg-source >/dev/null || pkgs+=(dpkg-dev)
command -v promtool >/dev/null || pkgs+=(prometheus)
command -v npm >/dev/null || pkgs+=(npm)
# the gateway's web page is tested in a real headless Chromium (Selenium drives Debian's chromedriver)
command -v chromium >/dev/null || pkgs+=(chromium)
command -v chromedriver >/dev/null || pkgs+=(chromium-driver)
command -v curl >/dev/null || pkgs+=(curl)
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

# kubectl matching the local API server (v1.20.2), from Debian's kubernetes-client package, unpacked into the cache
# rather than installed: a machine may already have another kubectl at /usr/bin/kubectl.
if [[ ! -x "$CACHE_DIR/bin/kubectl" ]]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download kubernetes-client >/dev/null 2>&1 || { $SUDO apt-get update -qq && apt-get download kubernetes-client >/dev/null; })
  dpkg-deb -x "$tmp"/kubernetes-client_*.deb "$tmp/x"
  mkdir -p "$CACHE_DIR/bin"
  cp "$tmp/x/usr/bin/kubectl" "$CACHE_DIR/bin/kubectl"
  rm -rf "$tmp"
fi

#!/usr/bin/env bash
# Builds kube-apiserver v1.20.2 from Debian's `kubernetes` source package with Debian's Go, once, and caches the
# binary outside the repository. Re-running is a no-op when the cached binary is there.
# Steps and the reflect2 patch follow ../shared/docs/design.md ("Building the local API server").
set -euo pipefail

CACHE_DIR="${PHOENIX_SCANNER_CACHE:-$HOME/.cache/phoenix-scanner}"
BIN="$CACHE_DIR/bin/kube-apiserver"
VERSION="1.20.5+really1.20.2-1.1+deb12u1"

if [[ -x "$BIN" ]] && "$BIN" --version 2>/dev/null | grep -q 'v1.20.2'; then
  echo "$BIN"
  exit 0
fi

need_pkgs=()
command -v go >/dev/null || need_pkgs+=(golang-go)
command -v etcd >/dev/null || need_pkgs+=(etcd-server)
[[ -d /usr/share/gocode/src/github.com/modern-go/reflect2 ]] || need_pkgs+=(golang-github-modern-go-reflect2-dev)
command -v dpkg-source >/dev/null || need_pkgs+=(dpkg-dev)
command -v rsync >/dev/null || need_pkgs+=(rsync)  # kubernetes' build copies its output with rsync
if ((${#need_pkgs[@]})); then
  echo "installing Debian packages: ${need_pkgs[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >&2
fi

work="$CACHE_DIR/build"
rm -rf "$work"
mkdir -p "$work/apt/lists/partial" "$work/src" "$CACHE_DIR/bin"

# A private sources list with deb-src lines: /etc/apt is left alone.
cat >"$work/apt/sources.list" <<SRC
deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian-security bookworm-security main
SRC
apt_opts=(-o "Dir::Etc::SourceList=$work/apt/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
          -o "Dir::State::Lists=$work/apt/lists")
apt-get "${apt_opts[@]}" update -qq >&2
(cd "$work/src" && apt-get "${apt_opts[@]}" source --download-only "kubernetes=$VERSION" >&2)

orig=$(ls "$work"/src/kubernetes_*.orig.tar.* | head -n 1)
mkdir -p "$work/tree"
tar -xf "$orig" -C "$work/tree" --strip-components=1

# Required patch: the vendored reflect2 crashes under Go 1.19 on the first custom-resource create.
vendored="$work/tree/vendor/github.com/modern-go/reflect2"
find "$vendored" -maxdepth 1 \( -name '*.go' -o -name '*.s' \) -delete
find /usr/share/gocode/src/github.com/modern-go/reflect2 -maxdepth 1 \( -name '*.go' -o -name '*.s' \) \
  ! -name '*_test.go' -exec cp {} "$vendored/" \;

home="$work/home"
mkdir -p "$home"
(cd "$work/tree" && HOME="$home" GOPATH="$home/go" GOCACHE="$home/gocache" GOFLAGS=-mod=vendor GOPROXY=off \
  CGO_ENABLED=0 KUBE_GIT_VERSION=v1.20.2 KUBE_GIT_TREE_STATE=clean make WHAT=cmd/kube-apiserver >&2)

cp "$work/tree/_output/bin/kube-apiserver" "$BIN.tmp"
mv "$BIN.tmp" "$BIN"
rm -rf "$work"
echo "$BIN"

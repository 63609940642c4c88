#!/usr/bin/env bash
# ctest's exchange.go_interop: writes a log with echri and verifies it with Go's sumdb packages,
# offline (GOPATH mode over Debian's /usr/share/gocode, no module proxy). Exit 77 = skipped.
#   run_interop.sh WRITER WORK_DIR
set -euo pipefail
writer=$1
work=$2
gocode=/usr/share/gocode
if ! command -v go >/dev/null 2>&1; then
  echo "SKIP: go is not installed (apt-get install golang-go golang-golang-x-mod-dev)"
  exit 77
fi
if [ ! -d "$gocode/src/golang.org/x/mod/sumdb/tlog" ]; then
  echo "SKIP: $gocode has no golang.org/x/mod (apt-get install golang-golang-x-mod-dev)"
  exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
# GOPATH mode over the Debian sources is the offline build: Go 1.19 has no -mod=off (GOFLAGS is
# cleared so that a caller's -mod=... cannot break it) and GOPROXY=off forbids any download.
export GO111MODULE=off GOPATH=$gocode GOFLAGS= GOPROXY=off GOTOOLCHAIN=local \
  GOCACHE=$work/go-cache GOTMPDIR=$work
mkdir -p "$work"
go build -o "$work/verify_log" "$here/verify_log.go"
# Sizes around tile edges: one partial tile, exactly one full tile, a level-1 tile, two levels.
for n in 1 5 256 257 1000 65536 66000; do
  rm -rf "$work/log-$n"
  "$writer" "$work/log-$n" "$n"
  "$work/verify_log" "$work/log-$n"
done

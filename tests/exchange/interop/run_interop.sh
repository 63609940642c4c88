#!/usr/bin/env bash
# ctest's exchange.go_interop: verifies echri's exchange logs with Go's sumdb packages, offline
# (GOPATH mode over Debian's /usr/share/gocode, no module proxy). Exit 77 = skipped.
#   1. logs written by the pure core (WRITER) at sizes around tile edges, as files (verify_log.go);
#   2. with ECHRI, a live node (echri serve) read over HTTP as a peer reads it (verify_node.go):
#      250 entries published through the API, then 50 more with the CLI while the server runs.
#   run_interop.sh WRITER WORK_DIR [ECHRI]
set -euo pipefail
writer=$1
work=$2
echri=${3:-}
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
go build -o "$work/verify_node" "$here/verify_node.go"
# Sizes around tile edges: one partial tile, exactly one full tile, a level-1 tile, two levels.
for n in 1 5 256 257 1000 65536 66000; do
  rm -rf "$work/log-$n"
  "$writer" "$work/log-$n" "$n"
  "$work/verify_log" "$work/log-$n"
done

[ -n "$echri" ] || exit 0

# 2. A live node with its own data directory and SQLite database; an officer of the authority
# (who publishes) and the node user of a peer state (role peer_node, who reads the log). Both get
# enrolment tokens, which verify_node exchanges through the API as their owners would.
node=$work/node
rm -rf "$node"
mkdir -p "$node"
e() { "$echri" --data-dir "$node/data" "$@"; }
e exchange keys --init --origin interop-node.echri.example/log --state NL >"$node/public.keys"
e organisations add authority --name "Authority (fictional)" --kind authority --country NL >/dev/null
e organisations add peer --name "Peer (fictional)" --kind peer_state --country FR >/dev/null
e users add officer --name "Officer (fictional)" --role officer --organisation authority >/dev/null
e users add peer-node --name "Peer node (fictional)" --role peer_node --organisation peer >/dev/null
officer_enrolment=$(e users token officer)
peer_enrolment=$(e users token peer-node)

server=
stop_server() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=
  fi
}
trap stop_server EXIT
# Port 0: the server picks a free port and prints its URL. Started directly (not through e, whose
# subshell would get the signal instead), so that $! is the server and SIGTERM stops it.
"$echri" --data-dir "$node/data" serve --listen 127.0.0.1:0 >"$node/serve.out" 2>"$node/serve.err" &
server=$!
url=
for _ in $(seq 300); do
  url=$(sed -n 's|^echri: serving \(http://[^ ]*\) .*|\1|p' "$node/serve.out")
  [ -n "$url" ] && break
  if ! kill -0 "$server" 2>/dev/null; then
    cat "$node/serve.err" >&2
    echo "echri serve stopped" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$url" ]; then
  cat "$node/serve.err" >&2
  echo "echri serve did not start within 30 s" >&2
  exit 1
fi
officer=$("$work/verify_node" token "$url" "$officer_enrolment")
peer=$("$work/verify_node" token "$url" "$peer_enrolment")
check() { "$work/verify_node" check -url "$url" -keys "$node/public.keys" -token "$peer" "$@"; }

# 250 entries through the officers' API: one partial tile.
"$work/verify_node" publish "$url" "$officer" 1 250
check -size 250 -forbidden "$officer" -save "$node/checkpoint-250"
# 50 more with the CLI, a process each, into the database the server reads (SQLite WAL): the tree
# crosses the tile edge at 256 (a full tile, a partial one, a level-1 tile) and must extend the
# checkpoint of 250.
for ((i = 251; i <= 300; i++)); do
  printf '{"subject_type":"technology","subject":"Fictional spyware %d","summary":"Interop test.","risk":"high"}' \
    "$i" >"$node/body.json"
  e exchange publish --kind threat_report --body "$node/body.json" >/dev/null
done
check -size 300 -old "$node/checkpoint-250" -save "$node/checkpoint-300"
stop_server

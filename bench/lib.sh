# Shell helpers the HTTP benchmark scripts share (bench/run-http-bench, run-auth-storm,
# run-hostile-load); sourced, not run. Each caller has set `work` (a temporary folder), `url` (the
# server's base URL) and `server_pid` where a helper says so.

# The median of the numbers on standard input.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The 99th percentile, in milliseconds, of curl's time_total column (seconds) for the 200 answers
# in FILE.
p99_ms() {
  awk '$1 == 200 { print $2 * 1000 }' "$1" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } i = int(NR * 0.99); if (i < 1) i = 1; printf "%.2f\n", v[i] }'
}

# Answers in FILE, how many were not 200, and how many were lost (000: no answer within curl's
# limit; the one transfer the reader's own timeout interrupts counts here too).
answers() { awk '$1 == "000" { lost++; next } { n++ } $1 != 200 { bad++ } END { printf "%d answers, %d not 200, %d lost", n, bad + 0, lost + 0 }' "$1"; }

# The resident memory of process PID in KiB.
rss_kb() {
  local key value _
  while read -r key value _; do
    [ "$key" = "VmRSS:" ] && { echo "$value"; return; }
  done <"/proc/$1/status"
}

# Sequential keep-alive GETs of `$url$PATH` from 127.0.0.2 for LIMIT seconds, each with TOKEN:
# one line "status seconds" per answer in OUT. A request that takes more than 5 s is lost (000).
reader() {
  local out=$1 path=$2 token=$3 limit=$4
  # Line-buffered, so that the answers before the timeout stops curl are all written.
  timeout "$limit" stdbuf -oL curl -s --max-time 5 --interface 127.0.0.2 \
    -H "Authorization: Bearer $token" -o /dev/null -w '%{http_code} %{time_total}\n' \
    "$url$path?r=[1-10000000]" >"$out" || true
}

# Samples the resident memory of `$server_pid` every 0.1 s in the background, keeping the highest
# in $work/peak.txt; sets rss_before (KiB) and rss_sampler (its PID) for rss_growth_mb.
start_rss_sampler() {
  rss_before=$(rss_kb "$server_pid")
  echo "$rss_before" >"$work/peak.txt"
  (
    peak=$rss_before
    while kill -0 "$server_pid" 2>/dev/null; do
      now=$(rss_kb "$server_pid" || echo 0)
      ((now > peak)) && peak=$now
      echo "$peak" >"$work/peak.tmp" && mv "$work/peak.tmp" "$work/peak.txt"
      sleep 0.1
    done
  ) &
  rss_sampler=$!
}

# Stops the sampler and prints the growth in MB: the highest sample minus rss_before.
rss_growth_mb() {
  kill "$rss_sampler" 2>/dev/null || true
  wait "$rss_sampler" 2>/dev/null || true
  awk -v a="$rss_before" -v b="$(cat "$work/peak.txt")" 'BEGIN { printf "%.1f", (b - a) / 1024 }'
}

#!/usr/bin/env bash
# bench-smoke.sh — a short run of each benchmark, so none of them rots: few clients, a few
# seconds, against the binary under test ($TRIBUNE_BIN, the sanitized build in CI), no
# waiting for a quiet machine, results thrown away. A benchmark passes when it runs to
# the end and prints its table; its figures mean nothing here (bench/README.md).
# Prints TAP lines ("ok N - name") and the log of a failed one.
set -uo pipefail
cd "$(dirname "$0")/.."
: "${TRIBUNE_BIN:?set TRIBUNE_BIN to the tribune binary to run}"
export TRIBUNE_BIN

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=0
failed=0

run() {
  local name=$1 expect=$2; shift 2
  n=$((n + 1))
  if timeout 300 "$@" > "$out/$n.log" 2>&1 && grep -q -- "$expect" "$out/$n.log"; then
    echo "ok $n - bench smoke: $name"
  else
    echo "not ok $n - bench smoke: $name"
    sed 's/^/# /' "$out/$n.log" | tail -40
    failed=$((failed + 1))
  fi
}

# The load clients of fanout-cpu.sh and fanout.sh (bench/build.sh builds them; with
# TRIBUNE_BIN set it does not build tribune).
bench/build.sh > "$out/build.log" 2>&1 || { sed 's/^/# /' "$out/build.log"; }

run "hls-serving (Tribune vs nginx, wrk)" "requests/s, Tribune ÷ nginx" \
  node bench/hls-serving.mjs --smoke
run "hls-edge (LL-HLS players through the nginx edge)" "origin req per part" \
  node bench/hls-edge.mjs --smoke
run "ttff (time to first frame, HLS latency)" "time to first frame" \
  node bench/ttff.mjs --loads 1 --warmup 0 --latency-seconds 2 --latency-sessions 1 \
    --quiet-wait 0 --max-minutes 4 --out "$out/ttff.json"
run "g2g (glass to glass: WebRTC, LL-HLS, HLS)" "glass to glass" \
  node bench/g2g.mjs --smoke
run "meeting (event latency, CPU, clips)" "meeting benchmark" \
  node bench/meeting.mjs --smoke
run "questions (questions under load)" "questions benchmark" \
  node bench/questions.mjs --smoke
run "hybrid (participants: frame rate, CPU, latency)" "latency_median_ms" \
  bench/hybrid.sh --participants "2" --window 3 --latency-seconds 6 --out "$out/hybrid.json"
run "fanout-cpu (WHEP viewers)" "CPU in % of one core over the window" \
  bench/fanout-cpu.sh --viewers "0 2" --per-process 2 --window 2 --settle 1 --quiet-wait 0 \
    --max-minutes 4 --out "$out/fanout.json"
# Fails when a viewer does not connect or the decoded sample has no frames (either server).
run "fanout (Tribune vs Janus, webrtc-load viewers)" "fan-out smoke: every viewer connected" \
  bench/fanout.sh --smoke --out "$out/fanout-janus.json"

echo "1..$n"
echo "# bench smoke: $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]

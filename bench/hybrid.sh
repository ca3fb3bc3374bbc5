#!/usr/bin/env bash
# hybrid.sh — hybrid meetings: the program's frame rate and the server's CPU with the hall
# plus N remote participants at 720p30, and member-to-member (mouth-to-ear) latency.
#
# For each N (default "0 2 4 8") a fresh tribune (release build, build-bench/) runs the
# 720p30 test-source hall; N participants join one live meeting over WHIP with their own
# invite links (bench/hybrid-load: one shared 720p30 x264 encode in the client, teed to N
# webrtcbins, each with its own Opus tone), the layout is the grid (everyone decoded,
# scaled and composited), and one WHEP viewer counts the program's frames. Over a window
# (default 20 s): tribune's CPU (user+sys from /proc/PID/stat, % of one core), the
# client's CPU, the machine's busy CPU and the program's frames/s.
# Then a latency run: 2 participants, participant 0 sends 1500 Hz bursts every 2 s,
# participant 1's mix-minus is decoded and the onset timed (see bench/hybrid-load.c).
#
# Usage: bench/hybrid.sh [--participants "0 2 4 8"] [--window 20] [--latency-seconds 24]
#        [--out FILE]
# Env:   TRIBUNE_BIN (default build-bench/tribune, release build)
# Needs: gstreamer1.0-nice, gstreamer1.0-libav, libgstreamer-plugins-bad1.0-dev,
#        libsoup-3.0-dev, curl, jq. Everything runs on 127.0.0.1.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LEVELS="0 2 4 8"
WINDOW=20
LATENCY_S=24
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --participants) LEVELS="$2"; shift 2 ;;
    --window) WINDOW="$2"; shift 2 ;;
    --latency-seconds) LATENCY_S="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "hybrid: unknown argument $1" >&2; exit 2 ;;
  esac
done

"$ROOT/bench/build.sh" >&2
BUILD="$ROOT/build-bench"
TRIBUNE_BIN=${TRIBUNE_BIN:-$BUILD/tribune}
LOAD_BIN="$BUILD/bench/hybrid-load"
if [ ! -x "$LOAD_BIN" ] || [ "$ROOT/bench/hybrid-load.c" -nt "$LOAD_BIN" ]; then
  # shellcheck disable=SC2046
  cc -O2 -g -Wall -Wno-unused-parameter -o "$LOAD_BIN" "$ROOT/bench/hybrid-load.c" \
    $(pkg-config --cflags --libs gstreamer-1.0 gstreamer-rtp-1.0 gstreamer-sdp-1.0 \
      gstreamer-webrtc-1.0 gstreamer-app-1.0 libsoup-3.0) -lm
fi
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$ROOT/bench/results/hybrid-$STAMP.json}
RUN=$(mktemp -d "${TMPDIR:-/tmp}/tribune-hybrid-XXXXXX")
CLK_TCK=$(getconf CLK_TCK)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$RUN"
}
trap cleanup EXIT INT TERM
# The watchdog's sleep is killed with it: an orphaned sleep would hold our output open.
( trap 'kill "$nap" 2>/dev/null; exit 0' TERM
  sleep 900 & nap=$!
  wait "$nap" && { echo "hybrid: over 15 minutes, stopping" >&2; kill -TERM $$; } ) & PIDS+=($!)

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat; }

CONFIG='[server]
port = 0
bind = 127.0.0.1
ice_addresses = 127.0.0.1
max_participants = 12
[room zaal]
title = Zaal
source = test
ingest_key = zaal
width = 1280
height = 720
framerate = 30
video_kbps = 2000
'

# Start tribune, log in, make and start a meeting, make $2 invites; prints "URL TOKENS PID".
start_meeting() {
  local dir=$1 n=$2 port url token tokens="" i spid
  mkdir -p "$dir/data"
  printf '%s' "$CONFIG" > "$dir/tribune.conf"
  "$TRIBUNE_BIN" --config "$dir/tribune.conf" --port 0 --data "$dir/data" \
    > "$dir/server.out" 2> "$dir/server.log" &
  spid=$!
  PIDS+=("$spid")
  for i in $(seq 300); do
    grep -q 'tribune: listening on' "$dir/server.out" 2>/dev/null && break
    sleep 0.1
  done
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$dir/server.out")
  url="http://127.0.0.1:$port"
  printf 'wachtwoord-voor-bench\n' | "$TRIBUNE_BIN" user add bench --role admin --data "$dir/data" >/dev/null 2>&1
  token=$(curl -sf -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"wachtwoord-voor-bench"}' "$url/api/session" | jq -r .token)
  api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
  api -d '{"name":"Wijkraad Bench","slug":"bench"}' "$url/api/councils" >/dev/null
  api -d '{"council":"bench","title":"Hybride","room":"zaal","starts_at":"2030-01-01T19:00:00Z"}' \
    "$url/api/meetings" >/dev/null
  api -X POST "$url/api/meetings/1/start" >/dev/null
  api -X PUT -d '{"kind":"grid"}' "$url/api/meetings/1/layout" >/dev/null
  for i in $(seq "$n"); do
    tokens="$tokens,$(api -d "{\"name\":\"Lid $i\"}" "$url/api/meetings/1/invites" | jq -r .token)"
  done
  tokens=${tokens#,}
  echo "$url ${tokens:--} $spid"
}

results="[]"
for n in $LEVELS; do
  dir="$RUN/n$n"
  read -r url tokens spid < <(start_meeting "$dir" "$n")
  sleep 4
  if [ "$n" -gt 0 ]; then
    "$LOAD_BIN" --url "$url" --meeting 1 --room zaal --tokens "$tokens" --seconds "$WINDOW" \
      > "$dir/load.out" 2> "$dir/load.err" &
  else
    # No participants: the program viewer alone (the same client, no senders).
    "$LOAD_BIN" --url "$url" --meeting 1 --room zaal --tokens "-" --seconds "$WINDOW" \
      > "$dir/load.out" 2> "$dir/load.err" &
  fi
  lpid=$!
  PIDS+=("$lpid")
  for i in $(seq 600); do grep -q measuring "$dir/load.out" 2>/dev/null && break; sleep 0.1; done
  s0=$(cpu_ticks "$spid"); c0=$(cpu_ticks "$lpid"); b0=$(busy_ticks); t0=$(date +%s.%N)
  wait "$lpid" || { echo "hybrid: the load client failed:" >&2; cat "$dir/load.err" >&2; exit 1; }
  s1=$(cpu_ticks "$spid"); b1=$(busy_ticks); t1=$(date +%s.%N)
  c1=$(awk '{ print $14 + $15 }' "$dir/load.stat" 2>/dev/null || echo "$c0")
  final=$(grep '"final"' "$dir/load.out")
  frames=$(jq .program_frames <<< "$final"); secs=$(jq .seconds <<< "$final")
  result=$(jq -n --argjson n "$n" --argjson frames "$frames" --argjson secs "$secs" \
    --argjson s "$(( s1 - s0 ))" --argjson b "$(( b1 - b0 ))" --argjson tck "$CLK_TCK" \
    --arg t0 "$t0" --arg t1 "$t1" \
    '{participants: $n, program_fps: ($frames / $secs), server_cpu_pct: (100 * $s / $tck / (($t1|tonumber) - ($t0|tonumber))), machine_busy_pct: (100 * $b / $tck / (($t1|tonumber) - ($t0|tonumber)))}')
  echo "hybrid: $result" >&2
  results=$(jq --argjson r "$result" '. + [$r]' <<< "$results")
  kill -TERM "$spid"; wait "$spid" 2>/dev/null || true
done

# Latency: two members.
dir="$RUN/latency"
read -r url tokens spid < <(start_meeting "$dir" 2)
sleep 4
"$LOAD_BIN" --url "$url" --meeting 1 --room zaal --tokens "$tokens" --seconds "$LATENCY_S" --latency \
  > "$dir/load.out" 2> "$dir/load.err" || { cat "$dir/load.err" >&2; exit 1; }
cp "$dir/load.err" /tmp/hybrid-latency.err 2>/dev/null || true
lat=$(grep '"final"' "$dir/load.out" | jq -c .latency_ms)
kill -TERM "$spid"; wait "$spid" 2>/dev/null || true
summary=$(jq -n --argjson levels "$results" --argjson lat "$lat" '{
  levels: $levels,
  latency_ms: $lat,
  latency_median_ms: ($lat | sort | if length > 0 then .[(length / 2 | floor)] else null end),
  latency_p95_ms: ($lat | sort | if length > 0 then .[((length * 0.95) | ceil) - 1] else null end),
  machine: {nproc: '"$(nproc)"', cpu: "'"$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"'"}
}')
mkdir -p "$(dirname "$OUT")"
echo "$summary" > "$OUT"
echo "$summary" | jq .

#!/usr/bin/env bash
# fanout.sh — WebRTC fan-out, Tribune side by side with Janus 1.1.2 (issue 7, benchmark 1).
#
# For each viewer count N (default 1 50 100 200 300 500; N = 0, the baseline, is always
# measured first) and each server (default "tribune janus", one after the other at each
# level, so both see the same machine), it starts a fresh server on loopback, connects N
# receive-only viewers with bench/webrtc-load (one process: per session ICE, DTLS and
# counting SRTP packets; --decode sessions are decrypted and decoded), waits until the
# server counts them, lets things settle, and measures over a --window (default 60 s):
#   - the server's CPU (user+sys of the server process only, from /proc/PID/stat, in % of
#     one core), its RSS (at the end and peak) and threads;
#   - the load client's CPU (its own JSON, and /proc over the window), the feeder's CPU
#     (Janus only), the whole machine's busy CPU;
#   - from the client: viewers connected/failed, connect time, per-session loss
#     (median/max/total), kbit/s per viewer, the decoded sample's size and frames/s.
# The servers:
#   - tribune: the release build (bench/build.sh → build-bench/tribune), the demo room
#     (test source, 1280x720@30, video_kbps 2000, Opus), WHEP. It ENCODES its own program,
#     so its N = 0 figure includes the x264/Opus/AAC encode and the HLS writer.
#   - janus: Janus 1.1.2 (Debian package `janus`), a generated configuration (HTTP
#     transport and the Streaming plugin only, bench/lib/janus.sh), one RTP mountpoint fed
#     by gst-launch-1.0 with the same kind of stream (moving 720p30 test picture, x264
#     zerolatency 2000 kbit/s, key frame every 60 frames, Opus). Janus only FORWARDS; the
#     feeder's encode is a separate process (reported, not counted as Janus's CPU).
# So the servers compare on the MARGINAL cost per viewer: (CPU(N) − CPU(0)) / N, with
# N = 0 measured for each server; the ratio Tribune/Janus is given per level, and the
# largest N whose viewers all connected with < 1 % total loss.
#
# Usage: bench/fanout.sh [--viewers "1 50 100 200 300 500"] [--servers "tribune janus"]
#                        [--window 60] [--settle 5] [--warmup 6] [--ramp 50] [--decode 1]
#                        [--tribune-sender lean|webrtcbin] [--quiet-pct 25]
#                        [--quiet-wait 180] [--max-minutes 45] [--out FILE] [--smoke]
# --tribune-sender writes `viewer_sender` into tribune's [server] group (without it the
#   key is left out and the server's default applies).
# --smoke: viewers "0 2", 4 s windows, both servers, no waiting for a quiet machine;
#   exits non-zero if a viewer failed to connect or a decoded sample had no frames.
# Env:   TRIBUNE_BIN (default build-bench/tribune); KEEP_RUN=1 keeps the raw data.
# Needs: janus, gstreamer1.0-plugins-ugly (x264enc), gstreamer1.0-plugins-good/-base,
#        curl, jq, node, iproute2; the load client build-bench/bench/webrtc-load.
# Every process started here is stopped on exit (trap); the run is bounded by a watchdog.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VIEWERS="1 50 100 200 300 500"
SERVERS="tribune janus"
WINDOW=60
SETTLE=5
WARMUP=6
RAMP=50
DECODE=1
SENDER=""
QUIET_PCT=25
QUIET_WAIT=180
MAX_MINUTES=45
OUT=""
SMOKE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --viewers) VIEWERS="$2"; shift 2 ;;
    --servers) SERVERS="$2"; shift 2 ;;
    --window) WINDOW="$2"; shift 2 ;;
    --settle) SETTLE="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --ramp) RAMP="$2"; shift 2 ;;
    --decode) DECODE="$2"; shift 2 ;;
    --tribune-sender) SENDER="$2"; shift 2 ;;
    --quiet-pct) QUIET_PCT="$2"; shift 2 ;;
    --quiet-wait) QUIET_WAIT="$2"; shift 2 ;;
    --max-minutes) MAX_MINUTES="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --smoke) SMOKE=1; VIEWERS="0 2"; WINDOW=4; SETTLE=1; WARMUP=2; QUIET_WAIT=0; MAX_MINUTES=4; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "fanout: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$SENDER" in ""|lean|webrtcbin) ;; *) echo "fanout: --tribune-sender is lean or webrtcbin" >&2; exit 2 ;; esac
for s in $SERVERS; do
  case "$s" in tribune|janus) ;; *) echo "fanout: unknown server $s (tribune, janus)" >&2; exit 2 ;; esac
done
# N = 0 first: the baseline of the marginal cost.
LEVELS="0 $(for n in $VIEWERS; do if [ "$n" -gt 0 ]; then echo "$n"; fi; done | sort -n | uniq | tr '\n' ' ')"

BUILD="$ROOT/build-bench"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$ROOT/bench/results/fanout-$STAMP.json}
RUN=$(mktemp -d "${TMPDIR:-/tmp}/tribune-fanout2-XXXXXX")
CLK_TCK=$(getconf CLK_TCK)
NPROC=$(nproc)
# shellcheck source=lib/janus.sh
. "$ROOT/bench/lib/janus.sh"

PIDS=()       # everything we started and have not yet reaped
NAP=""        # the sleep we are waiting on (killed on exit: it holds our output open)
cleanup() {
  local pid
  for pid in "${PIDS[@]+"${PIDS[@]}"}"; do kill -TERM "$pid" 2>/dev/null || true; done
  [ -n "$NAP" ] && kill "$NAP" 2>/dev/null || true
  if [ "${#PIDS[@]}" -gt 0 ]; then
    sleep 1
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  [ -n "${WATCHDOG:-}" ] && kill "$WATCHDOG" 2>/dev/null || true
  if [ -z "${KEEP_RUN:-}" ]; then rm -rf "$RUN"; else echo "fanout: raw data kept in $RUN" >&2; fi
}
trap cleanup EXIT
trap 'echo "fanout: interrupted" >&2; exit 130' INT TERM
( trap 'kill "$sp" 2>/dev/null; exit 0' TERM
  sleep $((MAX_MINUTES * 60)) & sp=$!; wait "$sp"
  echo "fanout: watchdog: over $MAX_MINUTES min, stopping" >&2
  kill -TERM $$ ) 2>/dev/null &
WATCHDOG=$!

say() { echo "fanout: $*" >&2; }
# A sleep the INT/TERM trap can interrupt (a foreground sleep would delay it).
nap() { sleep "$1" & NAP=$!; wait "$NAP" || true; NAP=""; }
forget() {  # drop a pid from PIDS once reaped
  local keep=() p
  for p in "${PIDS[@]+"${PIDS[@]}"}"; do [ "$p" != "$1" ] && keep+=("$p"); done
  PIDS=("${keep[@]+"${keep[@]}"}")
}
stop_pid() {  # TERM, up to $2 s (default 10), then KILL; reap
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq $(( ${2:-10} * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget "$pid"
}

# ---- build: tribune's release build (unless TRIBUNE_BIN is set) and the load clients ----
"$ROOT/bench/build.sh" >&2
TRIBUNE_BIN=${TRIBUNE_BIN:-$BUILD/tribune}
LOAD_BIN=${WEBRTC_LOAD_BIN:-$BUILD/bench/webrtc-load}
if [ ! -x "$LOAD_BIN" ]; then
  say "the load client $LOAD_BIN is missing (bench/build.sh builds it from bench/webrtc-load*.c)"
  [ "$LEVELS" = "0 " ] || exit 1
fi
command -v janus > /dev/null || case " $SERVERS " in *" janus "*) say "janus is not installed (apt install janus)"; exit 1 ;; esac

# ---- /proc helpers ----
proc_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
sys_ticks() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat; }
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
udp_counters() { awk '/^Udp:/ { n++; if (n == 2) print $2, $4, $5, $6, $7 }' /proc/net/snmp; }
now_ns() { date +%s%N; }
free_port() {  # a free port on 127.0.0.1 (tcp or udp4)
  node -e "
    const [kind] = process.argv.slice(1);
    if (kind === 'udp') { const s = require('dgram').createSocket('udp4');
      s.bind(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); }); }
    else { const s = require('net').createServer();
      s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); }); }" "$1"
}
# Other people's processes (tests, builds) skew every figure: before a level starts (none
# of ours running), wait until the machine is quiet enough. Prints the last reading.
wait_quiet() {
  local t_end=$(( $(date +%s) + QUIET_WAIT )) a b busy
  [ "$QUIET_WAIT" -gt 0 ] || { echo skipped; return; }
  while :; do
    a=$(sys_ticks); sleep 2; b=$(sys_ticks)
    busy=$(( ( ${b% *} - ${a% *} ) * NPROC * 100 / ( ${b#* } - ${a#* } + 1 ) ))
    [ "$busy" -le "$QUIET_PCT" ] && { echo "$busy"; return; }
    if [ "$(date +%s)" -ge "$t_end" ]; then
      say "machine still ${busy}% busy with other work after ${QUIET_WAIT}s; measuring anyway"
      echo "$busy"; return
    fi
  done
}

TRIBUNE_CONFIG="[server]
port = 0
bind = 127.0.0.1
ice_addresses = 127.0.0.1
max_viewers = 2000
${SENDER:+viewer_sender = $SENDER
}[room demo]
title = Wijkraad Demo
source = test
ingest_key = demo
width = 1280
height = 720
framerate = 30
video_kbps = 2000
"

# Per server: start_<server> DIR (sets SPID, TARGET_ARGS, COUNT_CMD; feeder in FPID),
# viewers_<server> DIR (the number of viewers the server counts now).
start_tribune() {
  local dir=$1 i port
  mkdir -p "$dir/data"
  printf '%s' "$TRIBUNE_CONFIG" > "$dir/tribune.conf"
  "$TRIBUNE_BIN" --config "$dir/tribune.conf" --port 0 --data "$dir/data" \
    > "$dir/server.out" 2> "$dir/server.log" &
  SPID=$!; PIDS+=("$SPID"); FPID=""
  for i in $(seq 300); do
    grep -q 'tribune: listening on' "$dir/server.out" 2>/dev/null && break
    kill -0 "$SPID" 2>/dev/null || { say "tribune exited at start"; tail -20 "$dir/server.log" >&2; exit 1; }
    sleep 0.1
  done
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$dir/server.out")
  [ -n "$port" ] || { say "tribune did not listen within 30 s"; exit 1; }
  BASE="http://127.0.0.1:$port"
  TARGET_ARGS=(--whep "$BASE/whep/demo" --bind 127.0.0.1)
  # The program is up when the room's source is.
  for i in $(seq 100); do
    curl -s --max-time 2 "$BASE/healthz" | jq -e '.rooms[0].ingest.source == "up"' > /dev/null 2>&1 && break
    sleep 0.2
  done
  echo "$("$TRIBUNE_BIN" --version 2>/dev/null || echo tribune)${SENDER:+, viewer_sender = $SENDER}" > "$dir/server.txt"
}
viewers_tribune() {
  local v
  v=$(curl -s --max-time 3 "$BASE/healthz" | jq -r '.rooms[0].viewers.whep // 0' 2>/dev/null) || true
  echo "${v:-0}"
}

start_janus() {
  local dir=$1 i http vport aport ice
  http=$(free_port tcp); vport=$(free_port udp); aport=$(free_port udp)
  ice=$(janus_ice_address)
  [ -n "$ice" ] || { say "no global IPv4 address for Janus's ICE candidates"; exit 1; }
  janus_write_config "$dir/janus" "$http" "$vport" "$aport" $((MAX_MINUTES * 60)) "$ice"
  janus -C "$dir/janus/janus.jcfg" -F "$dir/janus" -o > "$dir/server.log" 2>&1 &
  SPID=$!; PIDS+=("$SPID")
  BASE="http://127.0.0.1:$http/janus"
  for i in $(seq 150); do
    curl -s --max-time 1 "$BASE/info" > /dev/null 2>&1 && break
    kill -0 "$SPID" 2>/dev/null || { say "janus exited at start"; tail -20 "$dir/server.log" >&2; exit 1; }
    sleep 0.1
  done
  ( janus_feed "$vport" "$aport" ) > "$dir/feed.log" 2>&1 &
  FPID=$!; PIDS+=("$FPID")
  for i in $(seq 50); do
    janus_mountpoint_live "$BASE" 1 500 && break
    kill -0 "$FPID" 2>/dev/null || { say "the feeder exited"; cat "$dir/feed.log" >&2; exit 1; }
    sleep 0.2
  done
  janus_mountpoint_info "$BASE" 1 > "$dir/mountpoint.json" || true
  janus_mountpoint_live "$BASE" 1 500 || { say "janus's mountpoint receives no media"; cat "$dir/mountpoint.json" >&2; exit 1; }
  # The client's candidates on the same address: Janus's libnice does not take a
  # 127.0.0.1 candidate from the peer ("Failed to add some remote candidates").
  TARGET_ARGS=(--janus "$BASE" --mountpoint 1 --bind "$ice")
  echo "janus $(dpkg-query -W -f='${Version}' janus 2>/dev/null), streaming plugin, ICE on $ice" > "$dir/server.txt"
}
viewers_janus() {
  local v
  v=$(janus_mountpoint_info "$BASE" 1 | jq -r '.info.viewers // 0' 2>/dev/null) || true
  echo "${v:-0}"
}

run_level() {
  local server=$1 n=$2 dir="$RUN/$server/n$2" quiet cpid="" i
  mkdir -p "$dir"
  quiet=$(wait_quiet)
  "start_$server" "$dir"
  say "$server N=$n: pid $SPID; warming up ${WARMUP}s"
  nap "$WARMUP"

  # ---- viewers: connect; wait until the client opens its window (all connected or
  # failed: "…; measuring D s" on its stderr), or, failing that, until the server's count
  # stops moving ----
  local t_c0 t_c1 counted=0 last=-1 stable_since duration deadline
  t_c0=$(now_ns)
  # The client holds its sessions this long after all connected: settle + window + margin.
  duration=$(( SETTLE + WINDOW + (SMOKE ? 1 : 3) ))
  if [ "$n" -gt 0 ]; then
    "$LOAD_BIN" "${TARGET_ARGS[@]}" --viewers "$n" --duration "$duration" --ramp "$RAMP" \
      --decode "$DECODE" --json "$dir/client.json" \
      > "$dir/client.out" 2> "$dir/client.log" &
    cpid=$!; PIDS+=("$cpid")
    stable_since=$(date +%s)
    deadline=$(( $(date +%s) + 30 + 3 * n / RAMP + n / 10 ))
    while :; do
      grep -q '; measuring' "$dir/client.log" 2>/dev/null && break
      counted=$("viewers_$server")
      [ "$counted" != "$last" ] && { last=$counted; stable_since=$(date +%s); }
      if [ $(( $(date +%s) - stable_since )) -ge 20 ]; then
        say "$server N=$n: the client has not opened its window; the server counts $counted viewers, unchanged for 20 s"
        break
      fi
      [ "$(date +%s)" -ge "$deadline" ] && { say "$server N=$n: the client has not opened its window in time"; break; }
      kill -0 "$cpid" 2>/dev/null || { say "$server N=$n: the load client ended early"; tail -5 "$dir/client.log" >&2; break; }
      kill -0 "$SPID" 2>/dev/null || { say "$server N=$n: the server died"; break; }
      sleep 0.3
    done
    counted=$("viewers_$server")
  fi
  t_c1=$(now_ns)
  say "$server N=$n: $counted viewers after $(( (t_c1 - t_c0) / 1000000 )) ms; settling ${SETTLE}s"
  nap "$SETTLE"

  # ---- measurement window ----
  local t0 t1 s0 s1 sys0 sys1 c0=0 c1=0 f0=0 f1=0 udp0 udp1 v0 v1
  v0=$("viewers_$server")
  t0=$(now_ns); s0=$(proc_ticks "$SPID"); sys0=$(sys_ticks); udp0=$(udp_counters)
  [ -n "$cpid" ] && c0=$(proc_ticks "$cpid")
  [ -n "$FPID" ] && f0=$(proc_ticks "$FPID")
  say "$server N=$n: measuring ${WINDOW}s"
  nap "$WINDOW"
  t1=$(now_ns); s1=$(proc_ticks "$SPID"); sys1=$(sys_ticks); udp1=$(udp_counters)
  [ -n "$cpid" ] && c1=$(proc_ticks "$cpid")
  [ -n "$FPID" ] && f1=$(proc_ticks "$FPID")
  local rss hwm threads alive=1
  kill -0 "$SPID" 2>/dev/null || alive=0
  rss=$(status_kb "$SPID" VmRSS); hwm=$(status_kb "$SPID" VmHWM); threads=$(status_kb "$SPID" Threads)
  v1=$("viewers_$server")

  # ---- the client ends its sessions and writes its JSON; then the server stops ----
  local client_exit=""
  if [ -n "$cpid" ]; then
    for i in $(seq $(( (duration + 30) * 10 ))); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$cpid" 2>/dev/null; then
      # It writes its JSON on SIGTERM after ending its sessions, which an overloaded
      # server may never confirm: 20 s, then SIGKILL (and no JSON for this level).
      say "$server N=$n: the load client did not end; stopping it"
      kill -TERM "$cpid" 2>/dev/null || true
      for i in $(seq 200); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$cpid" 2>/dev/null && { say "$server N=$n: the load client ignored SIGTERM; killing it"; kill -KILL "$cpid" 2>/dev/null || true; }
    fi
    set +e; wait "$cpid"; client_exit=$?; set -e
    forget "$cpid"
  fi
  [ -n "$FPID" ] && stop_pid "$FPID" 5
  local exit_code
  kill -TERM "$SPID" 2>/dev/null || true
  for i in $(seq 150); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SPID" 2>/dev/null || true
  set +e; wait "$SPID"; exit_code=$?; set -e
  forget "$SPID"

  cat > "$dir/meta.txt" <<EOF
server $server
n $n
clk_tck $CLK_TCK
t0_ns $t0
t1_ns $t1
connect_wait_ms $(( (t_c1 - t_c0) / 1000000 ))
viewers_counted_connect $counted
viewers_counted_start $v0
viewers_counted_end $v1
server_ticks0 $s0
server_ticks1 $s1
client_ticks0 $c0
client_ticks1 $c1
feeder_ticks0 $f0
feeder_ticks1 $f1
sys_busy0 ${sys0% *}
sys_total0 ${sys0#* }
sys_busy1 ${sys1% *}
sys_total1 ${sys1#* }
rss_kb ${rss:-0}
hwm_kb ${hwm:-0}
threads ${threads:-0}
alive_at_end $alive
exit_code $exit_code
client_exit ${client_exit:--1}
busy_before_pct $quiet
udp0 $udp0
udp1 $udp1
EOF
  say "$server N=$n: done (server exit $exit_code${client_exit:+, client exit $client_exit})"
}

say "levels: $LEVELS; servers: $SERVERS; window ${WINDOW}s; run data in $RUN"
for n in $LEVELS; do
  for server in $SERVERS; do run_level "$server" "$n"; done
done
mkdir -p "$(dirname "$OUT")"
node "$ROOT/bench/lib/janus-fanout-report.mjs" "$RUN" "$OUT" "$TRIBUNE_BIN" \
  "$(printf '{"smoke":%s,"window_s":%s,"settle_s":%s,"ramp":%s,"decode":%s,"tribune_sender":"%s","servers":"%s","levels":"%s"}' \
     "$([ "$SMOKE" = 1 ] && echo true || echo false)" "$WINDOW" "$SETTLE" "$RAMP" "$DECODE" \
     "${SENDER:-default}" "$SERVERS" "$LEVELS")"

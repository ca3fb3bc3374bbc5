#!/usr/bin/env bash
# fanout-cpu.sh — server CPU and memory per WebRTC (WHEP) viewer count.
# The comparison with Janus (issue 7's fan-out benchmark, up to 500 viewers) is
# bench/fanout.sh; this script stays for its per-thread breakdown of tribune's CPU.
#
# For each viewer count N (default 0 1 10 50) it starts a fresh tribune on loopback with
# the 720p30 demo room, connects N receive-only WHEP viewers (bench/whep-load, split over
# processes of --per-process viewers each), waits until every viewer receives video (or
# has failed), lets things settle, and then measures over a --window (default 20 s):
#   - tribune's CPU (user+sys from /proc/PID/stat, % of one core) and RSS,
#   - tribune's CPU by thread name (from /proc/PID/task/*/stat), and split into threads
#     that existed before the viewers came (program: sources, mixers, encoders, HLS, and
#     the taps that hand packets to viewers) and threads created for the viewers,
#   - the load clients' CPU, the whole machine's busy CPU (to see contention),
#   - the kernel's UDP counters (/proc/net/snmp, all sockets): datagrams and receive-
#     buffer overflows, i.e. packets dropped because a receiver did not read in time,
#   - per viewer: video frames/s (RTP marker bits), video kbit/s, audio packets/s, and
#     for the one viewer that decodes: decoded frames/s and "changed" frames/s (frames
#     whose picture differs from the one before: is the motion really 30 fps?).
# On a small machine the clients compete with the server for the CPU; --client-nice 19
# lets the server take what it needs first (the clients then show what is left for them).
# N = 0 is the baseline: the room's encode (x264 + Opus + AAC + HLS writer) with nobody
# watching; the marginal cost per viewer is (CPU(N) - CPU(0)) / N.
#
# Usage: bench/fanout-cpu.sh [--viewers "0 1 10 50"] [--per-process 10] [--window 20]
#                            [--settle 3] [--quiet-pct 25] [--quiet-wait 180] [--client-nice 0]
#                            [--concurrency 4]
#                            [--out bench/results/fanout-cpu-….json]
# Env:   TRIBUNE_BIN (default build-bench/tribune, built with --buildtype=release if absent)
# Needs: gstreamer1.0-nice, gstreamer1.0-libav, libgstreamer-plugins-bad1.0-dev,
#        libsoup-3.0-dev, libjson-glib-dev, jq, node.
# Everything runs on 127.0.0.1 (ice_addresses = 127.0.0.1; the clients gather on
# 127.0.0.1 only, UPnP off). Every process started here is stopped on exit (trap), and
# the whole run is bounded by a watchdog (--max-minutes, default 20).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VIEWERS="0 1 10 50"
PER_PROCESS=10
WINDOW=20
SETTLE=3
WARMUP=6
MAX_MINUTES=20
CONCURRENCY=4     # viewers signalling at once, per client process
CLIENT_NICE=0     # nice value of the load clients (19: the server gets the CPU first)
QUIET_PCT=25      # wait before each level until the machine's other load is below this
QUIET_WAIT=180    # … but at most this many seconds
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --viewers) VIEWERS="$2"; shift 2 ;;
    --per-process) PER_PROCESS="$2"; shift 2 ;;
    --window) WINDOW="$2"; shift 2 ;;
    --settle) SETTLE="$2"; shift 2 ;;
    --max-minutes) MAX_MINUTES="$2"; shift 2 ;;
    --quiet-pct) QUIET_PCT="$2"; shift 2 ;;
    --client-nice) CLIENT_NICE="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --quiet-wait) QUIET_WAIT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "fanout-cpu: unknown argument $1" >&2; exit 2 ;;
  esac
done

BUILD="$ROOT/build-bench"
TRIBUNE_BIN=${TRIBUNE_BIN:-$BUILD/tribune}
LOAD_BIN="$BUILD/bench/whep-load"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$ROOT/bench/results/fanout-cpu-$STAMP.json}
RUN=$(mktemp -d "${TMPDIR:-/tmp}/tribune-fanout-XXXXXX")
CLK_TCK=$(getconf CLK_TCK)

PIDS=()          # everything we started and have not yet reaped
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  [ -n "${WATCHDOG:-}" ] && kill "$WATCHDOG" 2>/dev/null || true
  if [ -z "${KEEP_RUN:-}" ]; then rm -rf "$RUN"; else echo "fanout-cpu: raw data kept in $RUN" >&2; fi
}
trap cleanup EXIT
trap 'echo "fanout-cpu: interrupted" >&2; exit 130' INT TERM
( trap 'kill "$sp" 2>/dev/null; exit 0' TERM
  sleep $((MAX_MINUTES * 60)) & sp=$!; wait "$sp"
  echo "fanout-cpu: watchdog: over $MAX_MINUTES min, stopping" >&2
  kill -TERM $$ ) 2>/dev/null &
WATCHDOG=$!

forget() {  # drop a pid from PIDS once reaped
  local keep=() p
  for p in "${PIDS[@]}"; do [ "$p" != "$1" ] && keep+=("$p"); done
  PIDS=("${keep[@]+"${keep[@]}"}")
}

# ---- build (tribune release build unless TRIBUNE_BIN is set; the load client) ----
"$ROOT/bench/build.sh"

# ---- /proc helpers ----
proc_cpu_ticks() {  # utime+stime of a process (fields 14, 15 after the comm)
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
sys_ticks() {        # "busy total" of the whole machine from /proc/stat
  awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; total = busy + $5 + $6; print busy, total }' /proc/stat
}
tasks_snapshot() {   # "tid<TAB>comm<TAB>ticks" per thread of a process
  local f
  for f in /proc/"$1"/task/*/stat; do
    awk '{ c = $0; sub(/^[^(]*\(/, "", c); sub(/\) .*$/, "", c);
           r = $0; sub(/^.*\) /, "", r); split(r, a, " ");
           printf "%s\t%s\t%d\n", $1, c, a[12] + a[13] }' "$f" 2>/dev/null || true
  done
}
udp_counters() {     # "InDatagrams InErrors OutDatagrams RcvbufErrors SndbufErrors" (all sockets)
  awk '/^Udp:/ { n++; if (n == 2) print $2, $4, $5, $6, $7 }' /proc/net/snmp
}
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
now_ns() { date +%s%N; }
NPROC=$(nproc)
# Other people's processes (tests, builds) on this machine skew every figure. Before a
# level starts (none of ours running), wait until the machine is quiet enough.
wait_quiet() {
  local t_end=$(( $(date +%s) + QUIET_WAIT )) a b busy
  while :; do
    a=$(sys_ticks); sleep 2; b=$(sys_ticks)
    busy=$(( ( ${b% *} - ${a% *} ) * NPROC * 100 / ( ${b#* } - ${a#* } + 1 ) ))
    [ "$busy" -le "$QUIET_PCT" ] && { echo "$busy"; return; }
    if [ "$(date +%s)" -ge "$t_end" ]; then
      echo "fanout-cpu: machine still ${busy}% busy with other work after ${QUIET_WAIT}s; measuring anyway" >&2
      echo "$busy"; return
    fi
  done
}

CONFIG='[server]
port = 0
bind = 127.0.0.1
ice_addresses = 127.0.0.1
[room demo]
title = Wijkraad Demo
source = test
ingest_key = demo
width = 1280
height = 720
framerate = 30
video_kbps = 2000
'

run_level() {
  local n=$1 dir="$RUN/n$n" spid port url i procs share left quiet
  mkdir -p "$dir/data"
  quiet=$(wait_quiet)
  printf '%s' "$CONFIG" > "$dir/tribune.conf"
  "$TRIBUNE_BIN" --config "$dir/tribune.conf" --port 0 --data "$dir/data" \
    > "$dir/server.out" 2> "$dir/server.log" &
  spid=$!
  PIDS+=("$spid")
  for i in $(seq 300); do
    grep -q 'tribune: listening on' "$dir/server.out" 2>/dev/null && break
    kill -0 "$spid" 2>/dev/null || { echo "fanout-cpu: tribune exited at start" >&2; cat "$dir/server.log" >&2; exit 1; }
    sleep 0.1
  done
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$dir/server.out")
  [ -n "$port" ] || { echo "fanout-cpu: tribune did not listen within 30 s" >&2; exit 1; }
  url="http://127.0.0.1:$port"
  echo "fanout-cpu: N=$n: tribune pid $spid on $url; warming up ${WARMUP}s" >&2
  sleep "$WARMUP"

  # ---- viewers ----
  local cpids=() t_connect0 t_connect1 deadline ready
  procs=0
  tasks_snapshot "$spid" > "$dir/tasks_pre.tsv"   # the threads that exist without viewers
  t_connect0=$(now_ns)
  # Every viewer gets its answer (the server may take many seconds under load) and then
  # 30 s for media; the clients must outlive the connect phase, settling and the window.
  local connect_s=$(( 60 + n * 2 ))
  if [ "$n" -gt 0 ]; then
    left=$n
    while [ "$left" -gt 0 ]; do
      share=$(( left < PER_PROCESS ? left : PER_PROCESS ))
      nice -n "$CLIENT_NICE" "$LOAD_BIN" --server "$url" --room demo --viewers "$share" --concurrency "$CONCURRENCY" \
        --decode $(( procs == 0 ? 1 : 0 )) --max-seconds $(( connect_s + SETTLE + WINDOW + 30 )) \
        > "$dir/client$procs.out" 2> "$dir/client$procs.log" &
      cpids+=($!)
      PIDS+=($!)
      procs=$((procs + 1))
      left=$((left - share))
    done
    # Wait until every client says "ready" (all its viewers receive or failed).
    deadline=$(( $(date +%s) + connect_s ))
    while :; do
      ready=0
      for i in $(seq 0 $((procs - 1))); do
        grep -q '"event":"ready"' "$dir/client$i.out" 2>/dev/null && ready=$((ready + 1))
      done
      [ "$ready" -eq "$procs" ] && break
      if [ "$(date +%s)" -ge "$deadline" ]; then
        echo "fanout-cpu: N=$n: only $ready of $procs clients ready in time; measuring anyway" >&2
        break
      fi
      kill -0 "$spid" 2>/dev/null || { echo "fanout-cpu: N=$n: tribune died while viewers connected" >&2; break; }
      sleep 0.5
    done
  fi
  t_connect1=$(now_ns)
  echo "fanout-cpu: N=$n: $procs client process(es) ready after $(( (t_connect1 - t_connect0) / 1000000 )) ms; settling ${SETTLE}s" >&2
  sleep "$SETTLE"

  # ---- measurement window ----
  local c t0 t1 s0 s1 sys0 sys1 cl0=0 cl1=0 m0 m1
  curl -s --max-time 5 "$url/metrics" > "$dir/metrics0.txt" || true
  for c in "${cpids[@]+"${cpids[@]}"}"; do kill -USR1 "$c" 2>/dev/null || true; done
  t0=$(now_ns); s0=$(proc_cpu_ticks "$spid"); sys0=$(sys_ticks); local udp0 udp1; udp0=$(udp_counters)
  for c in "${cpids[@]+"${cpids[@]}"}"; do cl0=$(( cl0 + $(proc_cpu_ticks "$c") )); done
  tasks_snapshot "$spid" > "$dir/tasks0.tsv"
  echo "fanout-cpu: N=$n: measuring ${WINDOW}s" >&2
  sleep "$WINDOW"
  for c in "${cpids[@]+"${cpids[@]}"}"; do kill -USR1 "$c" 2>/dev/null || true; done
  t1=$(now_ns); s1=$(proc_cpu_ticks "$spid"); sys1=$(sys_ticks); udp1=$(udp_counters)
  for c in "${cpids[@]+"${cpids[@]}"}"; do cl1=$(( cl1 + $(proc_cpu_ticks "$c") )); done
  tasks_snapshot "$spid" > "$dir/tasks1.tsv"
  curl -s --max-time 5 "$url/metrics" > "$dir/metrics1.txt" || true
  curl -s --max-time 5 "$url/healthz" > "$dir/healthz.json" || true
  local rss hwm threads alive=1
  kill -0 "$spid" 2>/dev/null || alive=0
  rss=$(status_kb "$spid" VmRSS); hwm=$(status_kb "$spid" VmHWM); threads=$(status_kb "$spid" Threads)
  sleep 0.3  # let the clients write their snapshot lines

  # ---- stop clients, then the server ----
  for c in "${cpids[@]+"${cpids[@]}"}"; do kill -TERM "$c" 2>/dev/null || true; done
  for c in "${cpids[@]+"${cpids[@]}"}"; do
    for i in $(seq 100); do kill -0 "$c" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$c" 2>/dev/null || true
    wait "$c" 2>/dev/null || true
    forget "$c"
  done
  local exit_code
  kill -TERM "$spid" 2>/dev/null || true
  for i in $(seq 100); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$spid" 2>/dev/null || true
  set +e; wait "$spid"; exit_code=$?; set -e
  forget "$spid"

  cat > "$dir/meta.txt" <<EOF
n $n
procs $procs
per_process $PER_PROCESS
clk_tck $CLK_TCK
t0_ns $t0
t1_ns $t1
connect_ms $(( (t_connect1 - t_connect0) / 1000000 ))
server_ticks0 $s0
server_ticks1 $s1
sys_busy0 ${sys0% *}
sys_total0 ${sys0#* }
sys_busy1 ${sys1% *}
sys_total1 ${sys1#* }
clients_ticks0 $cl0
clients_ticks1 $cl1
rss_kb ${rss:-0}
hwm_kb ${hwm:-0}
threads ${threads:-0}
alive_at_end $alive
exit_code $exit_code
loadavg $(cut -d' ' -f1 /proc/loadavg)
busy_before_pct $quiet
client_nice $CLIENT_NICE
udp0 $udp0
udp1 $udp1
EOF
  echo "fanout-cpu: N=$n: done (tribune exit $exit_code)" >&2
}

for n in $VIEWERS; do run_level "$n"; done
mkdir -p "$(dirname "$OUT")"
node "$ROOT/bench/lib/fanout-report.mjs" "$RUN" "$OUT" "$TRIBUNE_BIN"

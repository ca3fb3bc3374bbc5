# janus.sh — Janus 1.1.2 (Debian package `janus`) as the fan-out benchmark's reference:
# a generated configuration, the RTP feed its Streaming plugin forwards, and the HTTP API
# calls that show whether the mountpoint receives media. Sourced by bench/fanout.sh.
#
# The configuration loads only what the benchmark needs: the HTTP transport on 127.0.0.1
# (a free port, no admin API) and the Streaming plugin with one RTP mountpoint (H.264
# pt 96 video, Opus pt 111 audio, each on its own free loopback port). ICE gathers on one
# local address (janus_ice_address). Janus runs in the foreground:
#   janus -C DIR/janus.jcfg -F DIR
# and is stopped by the caller (SIGTERM; it exits within a second or two).

# The folders of the Debian package (dpkg -L janus); the Debian default as a fallback.
janus_lib_dir() {
  local d
  d=$(dpkg -L janus 2>/dev/null | grep -m1 '/janus/plugins$' || true)
  [ -n "$d" ] && dirname "$d" || echo /usr/lib/x86_64-linux-gnu/janus
}

# The .so files of DIR except KEEP, comma-separated: Janus's `disable` lists.
janus_disable_list() {
  local dir=$1 keep=${2:-} f out=""
  for f in "$dir"/*.so; do
    [ -e "$f" ] || continue
    f=${f##*/}
    [ "$f" = "$keep" ] && continue
    out="${out:+$out,}$f"
  done
  echo "$out"
}

# The address Janus gathers its ICE candidates on. Janus never gathers on the loopback
# interface (an enforce list of "lo" or "127.0.0.1" still yields the other interfaces'
# candidates), so it gets the machine's own first global IPv4 address: the kernel
# delivers packets to a local address through loopback, nothing leaves the machine.
janus_ice_address() {
  ip -4 -o addr show scope global 2>/dev/null | awk '{ sub(/\/.*/, "", $4); print $4; exit }'
}

# janus_write_config DIR HTTP_PORT VIDEO_PORT AUDIO_PORT SESSION_TIMEOUT_S ICE_ADDRESS
janus_write_config() {
  local dir=$1 http_port=$2 vport=$3 aport=$4 timeout=$5 ice=$6 lib
  lib=$(janus_lib_dir)
  mkdir -p "$dir"
  cat > "$dir/janus.jcfg" <<EOF
general: {
	configs_folder = "$dir"
	plugins_folder = "$lib/plugins"
	transports_folder = "$lib/transports"
	events_folder = "$lib/events"
	loggers_folder = "$lib/loggers"
	debug_level = 4
	interface = "$ice"
	# The load client holds its sessions without keep-alives for the whole level.
	session_timeout = $timeout
	server_name = "tribune-fanout-bench"
}
certificates: {
	# No certificate given: Janus makes a self-signed one at start-up (once).
}
media: {
	rtp_port_range = "20000-40000"
}
nat: {
	nice_debug = false
	# Host candidates on this one local address only (see janus_ice_address).
	ice_enforce_list = "$ice"
	ignore_mdns = true
}
plugins: {
	disable = "$(janus_disable_list "$lib/plugins" libjanus_streaming.so)"
}
transports: {
	disable = "$(janus_disable_list "$lib/transports" libjanus_http.so)"
}
loggers: {
	disable = "$(janus_disable_list "$lib/loggers")"
}
events: {
	broadcast = false
	disable = "$(janus_disable_list "$lib/events")"
}
EOF
  cat > "$dir/janus.transport.http.jcfg" <<EOF
general: {
	json = "plain"
	base_path = "/janus"
	http = true
	port = $http_port
	ip = "127.0.0.1"
	https = false
}
admin: {
	admin_http = false
	admin_https = false
}
EOF
  # One mountpoint, id 1: the same kind of stream Tribune's demo room sends.
  cat > "$dir/janus.plugin.streaming.jcfg" <<EOF
general: {
	events = false
}
bench: {
	type = "rtp"
	id = 1
	description = "720p30 H.264 + Opus, the fan-out benchmark's feed"
	media = (
		{
			type = "video"
			mid = "v"
			label = "video"
			port = $vport
			iface = "127.0.0.1"
			pt = 96
			codec = "h264"
			fmtp = "profile-level-id=42e01f;packetization-mode=1"
		},
		{
			type = "audio"
			mid = "a"
			label = "audio"
			port = $aport
			iface = "127.0.0.1"
			pt = 111
			codec = "opus"
		}
	)
}
EOF
}

# The feed: the same picture, encoder settings and packetization as Tribune's demo room
# (pipelines/source-input.c and program.c): a scrolling SMPTE test picture with a clock,
# 1280x720@30, x264 zerolatency/veryfast at 2000 kbit/s, constrained baseline, a key frame
# every 30 frames (Tribune: one per HLS segment, hls_segment_ms 1000), SPS/PPS before every
# IDR, 1200-byte RTP packets; Opus 64 kbit/s in 20 ms frames. To the mountpoint's ports on
# 127.0.0.1. Runs in the foreground (exec: the caller's pid is gst-launch's); the caller
# puts it in the background and stops it.
# janus_feed VIDEO_PORT AUDIO_PORT
janus_feed() {
  exec gst-launch-1.0 -q \
    videotestsrc is-live=true pattern=smpte horizontal-speed=4 \
    ! video/x-raw,width=1280,height=720,framerate=30/1 \
    ! clockoverlay halignment=right valignment=top font-desc="Sans 24" \
        time-format="%H:%M:%S" shaded-background=true \
    ! x264enc tune=zerolatency speed-preset=veryfast bitrate=2000 key-int-max=30 \
        bframes=0 sliced-threads=false \
    ! video/x-h264,profile=constrained-baseline \
    ! rtph264pay pt=96 mtu=1200 config-interval=-1 aggregate-mode=zero-latency \
    ! udpsink host=127.0.0.1 port="$1" sync=false async=false \
    audiotestsrc is-live=true wave=sine freq=440 volume=0.05 \
    ! audio/x-raw,rate=48000,channels=2 \
    ! opusenc bitrate=64000 frame-size=20 \
    ! rtpopuspay pt=111 mtu=1200 \
    ! udpsink host=127.0.0.1 port="$2" sync=false async=false
}

# A POST to the Janus API; prints the JSON answer. janus_post URL JSON
janus_post() {
  curl -s --max-time 5 -H 'Content-Type: application/json' -d "$2" "$1"
}

# The Streaming plugin's "info" on mountpoint ID: a throw-away session and handle.
# Prints the plugin's answer ({"streaming":"info","info":{…,"media":[{…,"age_ms"}]}}).
# janus_mountpoint_info BASE_URL ID
janus_mountpoint_info() {
  local base=$1 id=$2 session handle answer tx
  tx=$RANDOM
  session=$(janus_post "$base" "{\"janus\":\"create\",\"transaction\":\"c$tx\"}" | jq -r '.data.id // empty') || return 1
  [ -n "$session" ] || return 1
  handle=$(janus_post "$base/$session" \
    "{\"janus\":\"attach\",\"plugin\":\"janus.plugin.streaming\",\"transaction\":\"a$tx\"}" |
    jq -r '.data.id // empty') || true
  if [ -n "$handle" ]; then
    answer=$(janus_post "$base/$session/$handle" \
      "{\"janus\":\"message\",\"body\":{\"request\":\"info\",\"id\":$id},\"transaction\":\"i$tx\"}" |
      jq -c '.plugindata.data // empty') || true
  fi
  janus_post "$base/$session" "{\"janus\":\"destroy\",\"transaction\":\"d$tx\"}" > /dev/null || true
  [ -n "${answer:-}" ] && echo "$answer"
}

# Succeeds when every medium of mountpoint ID had a packet in the last MAX_AGE ms.
# janus_mountpoint_live BASE_URL ID MAX_AGE_MS
janus_mountpoint_live() {
  janus_mountpoint_info "$1" "$2" |
    jq -e --argjson max "$3" '.info.media | length > 0 and all(.[]; (.age_ms // 1e9) < $max)' > /dev/null
}

#!/usr/bin/env bash
# build.sh — bring the benchmarks' binaries up to date: the release build of tribune in
# build-bench/ (unless TRIBUNE_BIN points elsewhere) and the load client
# build-bench/bench/whep-load and the WebRTC viewer load client build-bench/bench/webrtc-load
# (bench/webrtc-load/ with the STUN and DTLS-SRTP modules of pipelines/). Writes build-bench/bench/build-info.txt: the commit the
# tribune binary was built from and whether server/ or pipelines/ had uncommitted
# changes then (others edit the tree while benchmarks run). Called by the benchmarks.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$ROOT/build-bench"
mkdir -p "$BUILD/bench"
if [ -z "${TRIBUNE_BIN:-}" ]; then
  [ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" "$ROOT" --buildtype=release >&2
  if ninja -C "$BUILD" tribune >&2; then
    {
      echo "commit $(git -C "$ROOT" rev-parse HEAD)"
      echo "dirty_files $(git -C "$ROOT" status --porcelain -- server pipelines meson.build | wc -l)"
      echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ)"
      echo "binary_mtime $(date -u -r "$BUILD/tribune" +%Y-%m-%dT%H:%M:%SZ)"
    } > "$BUILD/bench/build-info.new"
    # Only a relink changes what we measure; keep the info of the build that made the binary.
    if [ ! -f "$BUILD/bench/build-info.txt" ] ||
       [ "$(grep binary_mtime "$BUILD/bench/build-info.new")" != "$(grep binary_mtime "$BUILD/bench/build-info.txt")" ]; then
      mv "$BUILD/bench/build-info.new" "$BUILD/bench/build-info.txt"
    else
      rm "$BUILD/bench/build-info.new"
    fi
  else
    echo "bench/build.sh: building tribune failed (someone's work in progress?);" \
         "measuring the previous binary $BUILD/tribune" >&2
    [ -x "$BUILD/tribune" ] || exit 1
  fi
fi
LOAD_BIN="$BUILD/bench/whep-load"
if [ ! -x "$LOAD_BIN" ] || [ "$ROOT/bench/whep-load.c" -nt "$LOAD_BIN" ]; then
  # shellcheck disable=SC2046
  cc -O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
    -o "$LOAD_BIN" "$ROOT/bench/whep-load.c" \
    $(pkg-config --cflags --libs gstreamer-1.0 gstreamer-rtp-1.0 gstreamer-sdp-1.0 \
      gstreamer-webrtc-1.0 gstreamer-video-1.0 libsoup-3.0 json-glib-1.0)
fi

# webrtc-load: rebuilt when any of its sources or the pipelines/ modules it shares is newer.
WL_BIN="$BUILD/bench/webrtc-load"
WL_SRC=("$ROOT"/bench/webrtc-load/*.c "$ROOT/pipelines/stun-message.c" "$ROOT/pipelines/dtls-srtp.c"
        "$ROOT/pipelines/dtls-identity.c" "$ROOT/pipelines/srtp-gcm.c" "$ROOT/pipelines/rtp-header.c" "$ROOT/server/tribune-error.c")
WL_DEPS=("${WL_SRC[@]}" "$ROOT"/bench/webrtc-load/*.h "$ROOT/pipelines/stun-message.h"
         "$ROOT"/pipelines/dtls-srtp.h "$ROOT"/pipelines/dtls-identity.h "$ROOT"/pipelines/srtp-gcm.h)
wl_stale=0
[ -x "$WL_BIN" ] || wl_stale=1
for f in "${WL_DEPS[@]}"; do [ "$f" -nt "$WL_BIN" ] && wl_stale=1; done
if [ "$wl_stale" = 1 ]; then
  # shellcheck disable=SC2046
  cc -O2 -g -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
    -I "$ROOT/pipelines" -I "$ROOT/server" -o "$WL_BIN" "${WL_SRC[@]}" \
    $(pkg-config --cflags --libs glib-2.0 gio-2.0 gio-unix-2.0 libsoup-3.0 json-glib-1.0 \
      gstreamer-1.0 gstreamer-app-1.0 openssl libsrtp2)
fi

#!/usr/bin/env bash
# Installs what Tribune needs on Debian 12, only what is missing: the build tool chain,
# GStreamer with the plugins the server uses, libsoup 3, json-glib, ffmpeg (ffprobe for
# tests), tzdata (advice deadlines), Chromium (browser tests), feedparser and icalendar
# (the feed tests read Tribune's feeds with them), nginx, wrk and jq (the benchmarks'
# peer, load generator and report tool; their smoke runs are part of the tests) and the
# npm packages (hls.js for the player, playwright-core and axe-core for tests). Safe to
# run again; it does nothing when all is there. Usage: tools/install-deps.sh [--runtime-only]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential meson ninja-build pkg-config
  libglib2.0-dev libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  libgstreamer-plugins-bad1.0-dev libsoup-3.0-dev libjson-glib-dev libsqlite3-dev libsodium-dev
  libssl-dev libsrtp2-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-nice gstreamer1.0-tools
  nodejs npm tzdata
)
if [ "${1:-}" != "--runtime-only" ]; then
  packages+=(ffmpeg chromium fonts-dejavu-core libgstrtspserver-1.0-dev
             python3-feedparser python3-icalendar nginx-light wrk jq janus)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from elsewhere than Debian's package (a newer one on the machine): keep it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  echo "install-deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules
fi

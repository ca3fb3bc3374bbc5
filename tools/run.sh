#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running Tribune: installs what is
# missing, builds, and starts the server with the built-in demo room on port 8080.
# Open http://localhost:8080/ — extra arguments go to tribune (e.g. --config FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh --runtime-only
[ -d build ] || meson setup build --buildtype=release >/dev/null
ninja -C build >/dev/null
echo "Tribune starts; open http://localhost:8080/ (Ctrl-C stops it)"
exec build/tribune "$@"
